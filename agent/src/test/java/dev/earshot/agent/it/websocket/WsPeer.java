package dev.earshot.agent.it.websocket;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The test's side of a WebSocket connection: the JDK's client, every call bounded in time. Whole
 * messages received are queued (text as String, binary as its size); the peer's close code
 * completes {@link #closed}. After a close frame from the server the JDK answers with its own.
 */
final class WsPeer implements WebSocket.Listener {

  private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private static final long TIMEOUT_SECONDS = 10;

  final BlockingQueue<Object> received = new LinkedBlockingQueue<>();
  final CompletableFuture<Integer> closed = new CompletableFuture<>();
  private final StringBuilder text = new StringBuilder();
  private int binarySize;
  private WebSocket socket;

  static WsPeer connect(String uri) {
    WsPeer peer = new WsPeer();
    peer.socket = CLIENT.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(5)).buildAsync(URI.create(uri), peer)
        .orTimeout(TIMEOUT_SECONDS, TimeUnit.SECONDS).join();
    return peer;
  }

  WsPeer text(String message) {
    return text(message, true);
  }

  WsPeer text(String part, boolean last) {
    socket.sendText(part, last).orTimeout(TIMEOUT_SECONDS, TimeUnit.SECONDS).join();
    return this;
  }

  WsPeer binary(int size, boolean last) {
    socket.sendBinary(ByteBuffer.allocate(size), last).orTimeout(TIMEOUT_SECONDS, TimeUnit.SECONDS).join();
    return this;
  }

  /** Sends a close frame and waits for the server's. */
  int close(int code) {
    socket.sendClose(code, "").orTimeout(TIMEOUT_SECONDS, TimeUnit.SECONDS).join();
    return awaitClose();
  }

  int awaitClose() {
    return closed.orTimeout(TIMEOUT_SECONDS, TimeUnit.SECONDS).join();
  }

  Object next() {
    try {
      Object message = received.poll(TIMEOUT_SECONDS, TimeUnit.SECONDS);
      if (message == null) {
        throw new AssertionError("no message within " + TIMEOUT_SECONDS + " s");
      }
      return message;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  void abort() {
    socket.abort();
  }

  @Override
  public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
    text.append(data);
    if (last) {
      received.add(text.toString());
      text.setLength(0);
    }
    webSocket.request(1);
    return null;
  }

  @Override
  public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
    binarySize += data.remaining();
    if (last) {
      received.add(binarySize);
      binarySize = 0;
    }
    webSocket.request(1);
    return null;
  }

  @Override
  public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
    closed.complete(statusCode);
    return null;
  }

  @Override
  public void onError(WebSocket webSocket, Throwable error) {
    closed.completeExceptionally(error);
  }

  /**
   * Completes a WebSocket handshake on a plain socket, then resets the connection: the server sees
   * the peer vanish without a close frame.
   */
  static void handshakeThenReset(int port, String path) throws IOException {
    try (Socket socket = new Socket("127.0.0.1", port)) {
      socket.setSoTimeout((int) TimeUnit.SECONDS.toMillis(TIMEOUT_SECONDS));
      OutputStream out = socket.getOutputStream();
      out.write(("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
          + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
      out.flush();
      InputStream in = socket.getInputStream();
      StringBuilder head = new StringBuilder();
      while (!head.toString().endsWith("\r\n\r\n")) {
        int b = in.read();
        if (b < 0) {
          throw new IOException("connection closed during the handshake: " + head);
        }
        head.append((char) b);
      }
      if (!head.toString().startsWith("HTTP/1.1 101")) {
        throw new IOException("no upgrade: " + head);
      }
      socket.setSoLinger(true, 0); // close() sends RST
    }
  }
}
