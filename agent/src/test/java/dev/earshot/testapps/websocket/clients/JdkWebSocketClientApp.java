package dev.earshot.testapps.websocket.clients;

import static dev.earshot.testapps.websocket.clients.ClientScript.*;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * A {@code java.net.http.WebSocket} client playing {@link ClientScript} against the test's server.
 * Every listener event is printed (one line each, the same with and without the agent), then
 * {@code DONE}. Starts on a line on standard input. Arguments: the ports on 127.0.0.1, 127.0.0.2 and 127.0.0.3.
 */
public final class JdkWebSocketClientApp {

  private static final HttpClient CLIENT = HttpClient.newHttpClient();

  public static void main(String[] args) throws Exception {
    int basicPort = Integer.parseInt(args[0]);
    int realtimePort = Integer.parseInt(args[1]);
    int closesPort = Integer.parseInt(args[2]);
    System.out.println("READY java " + Runtime.version().feature());
    // The test says when the agent is ready: a connection opened before that would not be counted.
    new java.io.BufferedReader(new java.io.InputStreamReader(System.in)).readLine();
    basic(basicPort);
    remoteClose(closesPort);
    drop(closesPort);
    abort(closesPort);
    realtime(realtimePort);
    System.out.println("DONE");
    Thread.sleep(Long.MAX_VALUE);
  }

  private static void basic(int port) throws Exception {
    Transcript listener = new Transcript("basic", SERVER_TEXTS + SERVER_BINARIES);
    WebSocket ws = connect(BASIC_HOST, port, "/basic", listener);
    System.out.println("basic open");
    listener.messages.await(20, TimeUnit.SECONDS);
    // Asynchronous sends, each started when the previous one completes (the JDK allows one at a time).
    ws.sendText(SHORT, true)
        .thenCompose(w -> w.sendText(MULTI_BYTE, true))
        .thenCompose(w -> w.sendText(repeat('x', LONG_TEXT_LENGTH), true))
        .thenCompose(w -> w.sendBinary(ByteBuffer.wrap(CLIENT_BINARY), true))
        .thenCompose(w -> w.sendBinary(ByteBuffer.allocate(BIG_BINARY_LENGTH), true))
        .thenCompose(w -> w.sendText(CLIENT_PARTS[0], false))
        .thenCompose(w -> w.sendText(CLIENT_PARTS[1], true))
        .thenCompose(w -> w.sendText(CLIENT_OTHER_JSON, true))
        .thenCompose(w -> w.sendClose(WebSocket.NORMAL_CLOSURE, "bye"))
        .get(20, TimeUnit.SECONDS);
    listener.awaitEnd();
  }

  private static void remoteClose(int port) throws Exception {
    Transcript listener = new Transcript("remote-close", 1);
    connect(CLOSES_HOST, port, "/remote-close", listener);
    listener.awaitEnd();
  }

  private static void drop(int port) throws Exception {
    Transcript listener = new Transcript("drop", 1);
    connect(CLOSES_HOST, port, "/drop", listener);
    listener.awaitEnd();
  }

  private static void abort(int port) throws Exception {
    Transcript listener = new Transcript("abort", 1);
    WebSocket ws = connect(CLOSES_HOST, port, "/abort", listener);
    listener.messages.await(20, TimeUnit.SECONDS);
    ws.abort();
    System.out.println("abort aborted output=" + ws.isOutputClosed() + " input=" + ws.isInputClosed());
  }

  private static void realtime(int port) throws Exception {
    Transcript listener = new Transcript("realtime", REALTIME_SERVER_MESSAGES);
    CompletableFuture<WebSocket>[] chain = new CompletableFuture[1];
    listener.onWholeText = (text) -> {
      WebSocket ws = listener.webSocket;
      if (text.equals(SESSION_CREATED)) {
        chain[0] = ws.sendText(SESSION_UPDATE, true)
            .thenCompose(w -> w.sendText(AUDIO_APPEND, true))
            .thenCompose(w -> w.sendText(AUDIO_APPEND, true));
      } else if (text.equals(SECOND_RESPONSE[1])) {
        chain[0] = chain[0].thenCompose(w -> w.sendText(RESPONSE_CANCEL, true));
      } else if (text.equals(CANCELLED_DONE)) {
        chain[0] = chain[0].thenCompose(w -> w.sendClose(WebSocket.NORMAL_CLOSURE, "done"));
      }
    };
    connect(REALTIME_HOST, port, "/realtime", listener);
    listener.awaitEnd();
  }

  private static WebSocket connect(String host, int port, String path, Transcript listener) throws Exception {
    WebSocket ws = CLIENT.newWebSocketBuilder().buildAsync(URI.create("ws://" + host + ":" + port + path), listener).get(20, TimeUnit.SECONDS);
    listener.webSocket = ws;
    return ws;
  }

  /** Prints every event; assembles messages delivered in parts (printed once, whole). */
  static final class Transcript implements WebSocket.Listener {
    private final String scenario;
    final CountDownLatch messages;
    private final CountDownLatch end = new CountDownLatch(1);
    private final StringBuilder text = new StringBuilder();
    private long binaryLength;
    volatile WebSocket webSocket;
    volatile Consumer<String> onWholeText = t -> {};

    Transcript(String scenario, int expectedMessages) {
      this.scenario = scenario;
      this.messages = new CountDownLatch(expectedMessages);
    }

    @Override
    public void onOpen(WebSocket ws) {
      webSocket = ws;
      ws.request(1);
    }

    @Override
    public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
      text.append(data);
      if (last) {
        String whole = text.toString();
        text.setLength(0);
        System.out.println(scenario + " text " + whole.length() + " " + whole.substring(0, Math.min(24, whole.length())));
        onWholeText.accept(whole);
        messages.countDown();
      }
      ws.request(1);
      return null;
    }

    @Override
    public CompletionStage<?> onBinary(WebSocket ws, ByteBuffer data, boolean last) {
      binaryLength += data.remaining();
      if (last) {
        System.out.println(scenario + " binary " + binaryLength);
        binaryLength = 0;
        messages.countDown();
      }
      ws.request(1);
      return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket ws, int statusCode, String reason) {
      System.out.println(scenario + " onClose " + statusCode + " '" + reason + "'");
      end.countDown();
      return null;
    }

    @Override
    public void onError(WebSocket ws, Throwable error) {
      System.out.println(scenario + " onError " + error.getClass().getName());
      end.countDown();
    }

    void awaitEnd() throws InterruptedException {
      if (!end.await(20, TimeUnit.SECONDS)) {
        System.out.println(scenario + " no end within 20 s");
      }
    }
  }
}
