package dev.earshot.agent.it.websocket;

import static dev.earshot.testapps.websocket.clients.ClientScript.*;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.zip.Inflater;

/**
 * A minimal RFC 6455 server for the client tests, JDK only, on three loopback addresses (one per
 * group of scenarios, see {@link dev.earshot.testapps.websocket.clients.ClientScript}). It plays a
 * fixed script per path and records what it received: messages, payload bytes as on the wire,
 * the client's close code. It accepts permessage-deflate on /basic when offered (OkHttp offers
 * it), so that the client's compressed payload is what the agent must report.
 */
final class ScriptedWebSocketServer implements AutoCloseable {

  /** What one connection's client sent. */
  static final class Received {
    final List<String> messages = new ArrayList<>();
    long wirePayloadBytes;
    int closeCode = -1;
    final CountDownLatch done = new CountDownLatch(1);

    long count(char type) {
      return messages.stream().filter(m -> m.charAt(0) == type).count();
    }
  }

  private final List<ServerSocket> listeners = new ArrayList<>();
  private final Map<String, Received> received = new ConcurrentHashMap<>();
  private final CountDownLatch basicGate = new CountDownLatch(1);
  private volatile boolean closed;

  ScriptedWebSocketServer() throws IOException {
    for (String host : new String[] {BASIC_HOST, REALTIME_HOST, CLOSES_HOST}) {
      ServerSocket listener = new ServerSocket(0, 50, InetAddress.getByName(host));
      listeners.add(listener);
      Thread acceptor = new Thread(() -> accept(listener), "ws-test-server-" + host);
      acceptor.setDaemon(true);
      acceptor.start();
    }
  }

  int port(String host) {
    for (ServerSocket listener : listeners) {
      if (listener.getInetAddress().getHostAddress().equals(host)) {
        return listener.getLocalPort();
      }
    }
    throw new IllegalArgumentException(host);
  }

  /** /basic waits, connection open, until the test has looked at the open connection. */
  void releaseBasic() {
    basicGate.countDown();
  }

  Received received(String path) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    Received r;
    while ((r = received.get(path)) == null && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
    if (r == null || !r.done.await(20, TimeUnit.SECONDS)) {
      throw new AssertionError("no finished connection on " + path);
    }
    return r;
  }

  private void accept(ServerSocket listener) {
    while (!closed) {
      try {
        Socket socket = listener.accept();
        Thread handler = new Thread(() -> serve(socket), "ws-test-connection");
        handler.setDaemon(true);
        handler.start();
      } catch (IOException e) {
        return;
      }
    }
  }

  private void serve(Socket socket) {
    Received record = new Received();
    try (socket) {
      socket.setSoTimeout(20_000);
      Peer peer = new Peer(socket, record);
      String path = peer.handshake();
      received.put(path, record);
      switch (path) {
        case "/basic" -> basic(peer);
        case "/remote-close" -> {
          peer.text("closing soon");
          peer.close(REMOTE_CLOSE_CODE, REMOTE_CLOSE_REASON);
          peer.readUntilClose(false);
        }
        case "/drop" -> {
          peer.text("about to drop");
          Thread.sleep(200); // read by the client before the reset discards it
          // An abrupt end: a reset, not a FIN. The JDK 17 client misses a bare FIN now and then
          // (with or without the agent), a reset never.
          socket.setSoLinger(true, 0);
        }
        case "/abort" -> {
          peer.text("abort me");
          peer.readUntilClose(false);
        }
        case "/realtime" -> realtime(peer);
        default -> peer.close(1008, "unknown path");
      }
    } catch (IOException | InterruptedException e) {
      record.messages.add("X:" + e.getClass().getSimpleName());
    } finally {
      record.done.countDown();
    }
  }

  private void basic(Peer peer) throws IOException, InterruptedException {
    if (!basicGate.await(20, TimeUnit.SECONDS)) {
      throw new IOException("gate never released");
    }
    peer.text(WELCOME);
    for (int i = 0; i < FRAGMENTS.length; i++) {
      peer.frame(i == FRAGMENTS.length - 1, i == 0 ? 1 : 0, FRAGMENTS[i].getBytes(StandardCharsets.UTF_8));
    }
    peer.frame(true, 2, SERVER_BINARY);
    peer.text(repeat('y', BIG_TEXT_LENGTH));
    peer.text(OTHER_JSON);
    peer.text(NOT_JSON);
    peer.readUntilClose(true);
  }

  private void realtime(Peer peer) throws IOException {
    peer.text(SESSION_CREATED);
    for (int i = 0; i < 3; i++) {
      peer.readMessage();
    }
    for (String event : FIRST_TURN) {
      peer.text(event);
    }
    for (String event : SECOND_RESPONSE) {
      peer.text(event);
    }
    peer.readMessage(); // response.cancel
    peer.text(CANCELLED_DONE);
    peer.readUntilClose(true);
  }

  @Override
  public void close() throws IOException {
    closed = true;
    basicGate.countDown();
    for (ServerSocket listener : listeners) {
      listener.close();
    }
  }

  /** One client connection: handshake, frames both ways. */
  private static final class Peer {
    private final DataInputStream in;
    private final OutputStream out;
    private final Received record;
    private Inflater inflater;

    Peer(Socket socket, Received record) throws IOException {
      this.in = new DataInputStream(socket.getInputStream());
      this.out = socket.getOutputStream();
      this.record = record;
    }

    String handshake() throws IOException {
      String requestLine = line(in);
      String key = null;
      boolean deflateOffered = false;
      for (String header = line(in); !header.isEmpty(); header = line(in)) {
        int colon = header.indexOf(':');
        String name = header.substring(0, colon).trim();
        String value = header.substring(colon + 1).trim();
        if (name.equalsIgnoreCase("Sec-WebSocket-Key")) {
          key = value;
        } else if (name.equalsIgnoreCase("Sec-WebSocket-Extensions") && value.contains("permessage-deflate")) {
          deflateOffered = true;
        }
      }
      String path = requestLine.split(" ")[1];
      String accept;
      try {
        accept = Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-1")
            .digest((key + "258EAFA5-E914-47DA-95CA-C5AB0DC85B11").getBytes(StandardCharsets.US_ASCII)));
      } catch (java.security.NoSuchAlgorithmException e) {
        throw new IllegalStateException(e);
      }
      boolean deflate = deflateOffered && path.equals("/basic");
      if (deflate) {
        inflater = new Inflater(true);
      }
      String response = "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: " + accept
          + "\r\n" + (deflate ? "Sec-WebSocket-Extensions: permessage-deflate\r\n" : "") + "\r\n";
      out.write(response.getBytes(StandardCharsets.US_ASCII));
      out.flush();
      return path;
    }

    void text(String text) throws IOException {
      frame(true, 1, text.getBytes(StandardCharsets.UTF_8));
    }

    void close(int code, String reason) throws IOException {
      byte[] r = reason.getBytes(StandardCharsets.UTF_8);
      byte[] payload = new byte[2 + r.length];
      payload[0] = (byte) (code >> 8);
      payload[1] = (byte) code;
      System.arraycopy(r, 0, payload, 2, r.length);
      frame(true, 8, payload);
    }

    /** One frame, header and payload in a single write. */
    synchronized void frame(boolean fin, int opcode, byte[] payload) throws IOException {
      ByteArrayOutputStream frame = new ByteArrayOutputStream(payload.length + 10);
      frame.write((fin ? 0x80 : 0) | opcode);
      if (payload.length < 126) {
        frame.write(payload.length);
      } else if (payload.length < 65536) {
        frame.write(126);
        frame.write(payload.length >> 8);
        frame.write(payload.length);
      } else {
        frame.write(127);
        for (int shift = 56; shift >= 0; shift -= 8) {
          frame.write((int) ((long) payload.length >> shift));
        }
      }
      frame.write(payload);
      out.write(frame.toByteArray());
      out.flush();
    }

    /** Reads data messages until the client's close frame; answers it when {@code reply}. */
    void readUntilClose(boolean reply) throws IOException {
      while (true) {
        String message;
        try {
          message = readMessage();
        } catch (EOFException e) {
          record.messages.add("EOF");
          return;
        }
        if (message.startsWith("C:")) {
          if (reply) {
            close(record.closeCode, "");
          }
          return;
        }
      }
    }

    /** The next data or close message (pings answered on the way), recorded as "T:len", "B:len" or "C:code". */
    String readMessage() throws IOException {
      ByteArrayOutputStream message = new ByteArrayOutputStream();
      int messageOpcode = -1;
      boolean compressed = false;
      while (true) {
        int b0 = in.readUnsignedByte();
        int b1 = in.readUnsignedByte();
        boolean fin = (b0 & 0x80) != 0;
        int opcode = b0 & 0x0f;
        long length = b1 & 0x7f;
        if (length == 126) {
          length = in.readUnsignedShort();
        } else if (length == 127) {
          length = in.readLong();
        }
        byte[] mask = new byte[4];
        if ((b1 & 0x80) != 0) {
          in.readFully(mask);
        }
        byte[] payload = new byte[(int) length];
        in.readFully(payload);
        for (int i = 0; i < payload.length; i++) {
          payload[i] ^= mask[i & 3];
        }
        if (opcode == 8) {
          record.closeCode = payload.length >= 2 ? ((payload[0] & 0xff) << 8) | (payload[1] & 0xff) : 1005;
          String entry = "C:" + record.closeCode;
          record.messages.add(entry);
          return entry;
        }
        if (opcode == 9) {
          frame(true, 10, payload);
          continue;
        }
        if (opcode == 10) {
          continue;
        }
        record.wirePayloadBytes += length;
        if (opcode != 0) {
          messageOpcode = opcode;
          compressed = (b0 & 0x40) != 0;
        }
        message.write(payload);
        if (fin) {
          break;
        }
      }
      byte[] data = compressed ? inflate(message.toByteArray()) : message.toByteArray();
      String entry = (messageOpcode == 1 ? "T:" : "B:") + data.length;
      record.messages.add(entry);
      return entry;
    }

    private byte[] inflate(byte[] compressed) throws IOException {
      inflater.setInput(concat(compressed, new byte[] {0, 0, (byte) 0xff, (byte) 0xff}));
      ByteArrayOutputStream inflated = new ByteArrayOutputStream();
      byte[] chunk = new byte[8192];
      try {
        int n;
        while ((n = inflater.inflate(chunk)) > 0 || !inflater.needsInput()) {
          inflated.write(chunk, 0, n);
          if (n == 0 && !inflater.needsInput()) {
            break;
          }
        }
      } catch (java.util.zip.DataFormatException e) {
        throw new IOException(e);
      }
      return inflated.toByteArray();
    }

    private static byte[] concat(byte[] a, byte[] b) {
      byte[] all = new byte[a.length + b.length];
      System.arraycopy(a, 0, all, 0, a.length);
      System.arraycopy(b, 0, all, a.length, b.length);
      return all;
    }

    private static String line(InputStream in) throws IOException {
      StringBuilder line = new StringBuilder();
      for (int c = in.read(); c != '\n'; c = in.read()) {
        if (c < 0) {
          throw new EOFException();
        }
        if (c != '\r') {
          line.append((char) c);
        }
      }
      return line.toString();
    }
  }
}
