package dev.earshot.testapps.attach;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.ContextHandler;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.server.WebSocketUpgradeHandler;

/**
 * A Jetty WebSocket echo server on 127.0.0.1 and 127.0.0.2 and a {@code java.net.http.WebSocket}
 * client of it in one JVM, for attaching the agent while a connection is open. At start it opens
 * the "before" connection (127.0.0.1, {@code /ws/before}) and prints {@code READY}; then it runs
 * commands from standard input, printing {@code OK <command>} after each:
 * {@code before-talk} (3 echoed messages on the open connection), {@code after} (a new connection
 * to 127.0.0.2 {@code /ws/after}: 2 echoed messages, then a close), {@code before-close}.
 */
public final class OpenConnectionsApp {

  public static void main(String[] args) throws Exception {
    Server server = new Server();
    ServerConnector first = connector(server, "127.0.0.1");
    ServerConnector second = connector(server, "127.0.0.2");
    ContextHandler ws = new ContextHandler("/ws");
    ws.setHandler(WebSocketUpgradeHandler.from(server, ws,
        container -> container.addMapping("/*", (request, response, callback) -> new Echo())));
    server.setHandler(ws);
    server.start();

    HttpClient http = HttpClient.newHttpClient();
    Client before = Client.connect(http, "ws://127.0.0.1:" + first.getLocalPort() + "/ws/before");
    System.out.println("READY");
    BufferedReader commands = new BufferedReader(new InputStreamReader(System.in));
    for (String command; (command = commands.readLine()) != null; ) {
      switch (command.trim()) {
        case "before-talk" -> before.talk(3);
        case "before-close" -> before.close();
        case "after" -> {
          Client after = Client.connect(http, "ws://127.0.0.2:" + second.getLocalPort() + "/ws/after");
          after.talk(2);
          after.close();
        }
        default -> throw new IllegalArgumentException(command);
      }
      System.out.println("OK " + command.trim());
    }
  }

  private static ServerConnector connector(Server server, String host) {
    ServerConnector connector = new ServerConnector(server);
    connector.setHost(host);
    connector.setPort(0);
    server.addConnector(connector);
    return connector;
  }

  /** Echoes every text message. */
  public static final class Echo extends org.eclipse.jetty.websocket.api.Session.Listener.AbstractAutoDemanding {
    @Override
    public void onWebSocketText(String message) {
      getSession().sendText(message, Callback.NOOP);
    }
  }

  private static final class Client implements WebSocket.Listener {
    private final BlockingQueue<String> echoes = new LinkedBlockingQueue<>();
    private final CompletableFuture<Integer> closed = new CompletableFuture<>();
    private WebSocket socket;

    static Client connect(HttpClient http, String uri) throws Exception {
      Client client = new Client();
      client.socket = http.newWebSocketBuilder().buildAsync(URI.create(uri), client).get(10, TimeUnit.SECONDS);
      return client;
    }

    void talk(int messages) throws Exception {
      for (int i = 0; i < messages; i++) {
        socket.sendText("message " + i, true).get(10, TimeUnit.SECONDS);
        if (echoes.poll(10, TimeUnit.SECONDS) == null) {
          throw new IllegalStateException("no echo");
        }
      }
    }

    void close() throws Exception {
      socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye").get(10, TimeUnit.SECONDS);
      closed.get(10, TimeUnit.SECONDS);
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
      echoes.add(data.toString());
      webSocket.request(1);
      return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
      closed.complete(statusCode);
      return null;
    }
  }
}
