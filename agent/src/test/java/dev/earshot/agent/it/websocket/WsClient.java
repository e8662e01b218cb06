package dev.earshot.agent.it.websocket;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A JDK {@link WebSocket} that writes down what it receives, one line per whole message:
 * {@code text:<content>}, {@code binary:<bytes>}, {@code close:<code>:<reason>}, {@code error:<class>}.
 */
final class WsClient implements AutoCloseable {

  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private final BlockingQueue<String> received = new LinkedBlockingQueue<>();
  private final List<String> transcript = new ArrayList<>();
  private final WebSocket socket;

  private WsClient(URI uri) throws Exception {
    socket = HTTP.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(5))
        .buildAsync(uri, new Recorder()).get(10, TimeUnit.SECONDS);
  }

  static WsClient connect(int port, String path) throws Exception {
    return new WsClient(URI.create("ws://127.0.0.1:" + port + path));
  }

  WebSocket socket() {
    return socket;
  }

  void text(String text) throws Exception {
    socket.sendText(text, true).get(5, TimeUnit.SECONDS);
  }

  void partialText(String text, boolean last) throws Exception {
    socket.sendText(text, last).get(5, TimeUnit.SECONDS);
  }

  void binary(int bytes) throws Exception {
    socket.sendBinary(ByteBuffer.allocate(bytes), true).get(5, TimeUnit.SECONDS);
  }

  void close(int code, String reason) throws Exception {
    socket.sendClose(code, reason).get(5, TimeUnit.SECONDS);
  }

  /** The next thing received, within 10 s; it is added to the transcript. */
  String next() throws InterruptedException {
    String item = received.poll(10, TimeUnit.SECONDS);
    if (item == null) {
      throw new AssertionError("nothing received within 10 s; so far " + transcript);
    }
    transcript.add(item);
    return item;
  }

  /** Sends a text and returns the next thing received. */
  String ask(String text) throws Exception {
    text(text);
    return next();
  }

  List<String> transcript() {
    return transcript;
  }

  @Override
  public void close() {
    socket.abort();
  }

  private final class Recorder implements WebSocket.Listener {
    private final StringBuilder text = new StringBuilder();
    private int binaryBytes;

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
      text.append(data);
      if (last) {
        received.add("text:" + text);
        text.setLength(0);
      }
      webSocket.request(1);
      return null;
    }

    @Override
    public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
      binaryBytes += data.remaining();
      if (last) {
        received.add("binary:" + binaryBytes);
        binaryBytes = 0;
      }
      webSocket.request(1);
      return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
      received.add("close:" + statusCode + ":" + reason);
      return null;
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
      received.add("error:" + error.getClass().getName());
    }
  }
}
