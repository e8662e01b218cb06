package dev.earshot.agent.it.export;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A Collector that hangs: it accepts every TCP connection and then neither reads nor answers, as a
 * stopped process whose socket the kernel still accepts on (a SIGSTOPped Collector, a wedged
 * proxy). Connections stay open until {@link #close}.
 */
final class HangingEndpoint implements AutoCloseable {

  private final ServerSocket server;
  private final List<Socket> accepted = new CopyOnWriteArrayList<>();
  private final Thread acceptor;

  private HangingEndpoint(ServerSocket server) {
    this.server = server;
    this.acceptor = new Thread(this::acceptForever, "hanging-endpoint");
    acceptor.setDaemon(true);
    acceptor.start();
  }

  static HangingEndpoint start() {
    try {
      return new HangingEndpoint(new ServerSocket(0, 50, InetAddress.getLoopbackAddress()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void acceptForever() {
    while (!server.isClosed()) {
      try {
        accepted.add(server.accept());
      } catch (IOException closed) {
        return;
      }
    }
  }

  String endpoint() {
    return "http://127.0.0.1:" + server.getLocalPort();
  }

  int connectionsAccepted() {
    return accepted.size();
  }

  @Override
  public void close() {
    try {
      server.close();
      for (Socket socket : accepted) {
        socket.close();
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
