package dev.earshot.testapps.websocket.clients;

import static dev.earshot.testapps.websocket.clients.ClientScript.*;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.WebSocket;
import okhttp3.WebSocketListener;
import okio.ByteString;

/**
 * An OkHttp WebSocket client (run with OkHttp 4 or 5) playing {@link ClientScript} against the
 * test's server. Every listener event is printed (one line each, the same with and without the
 * agent), then {@code DONE}. Starts on a line on standard input. Arguments: the ports on 127.0.0.1, 127.0.0.2 and 127.0.0.3.
 */
public final class OkHttpWebSocketClientApp {

  private static final OkHttpClient CLIENT = new OkHttpClient.Builder().build();

  public static void main(String[] args) throws Exception {
    int basicPort = Integer.parseInt(args[0]);
    int realtimePort = Integer.parseInt(args[1]);
    int closesPort = Integer.parseInt(args[2]);
    System.out.println("READY okhttp " + okhttp3.OkHttp.VERSION);
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
    listener.open.await(20, TimeUnit.SECONDS);
    System.out.println("basic open");
    listener.messages.await(20, TimeUnit.SECONDS);
    // OkHttp queues every send at once; its writer thread writes them in order.
    boolean queued = ws.send(SHORT) & ws.send(MULTI_BYTE) & ws.send(repeat('x', LONG_TEXT_LENGTH))
        & ws.send(ByteString.of(CLIENT_BINARY)) & ws.send(ByteString.of(new byte[BIG_BINARY_LENGTH]))
        & ws.send(String.join("", CLIENT_PARTS)) & ws.send(CLIENT_OTHER_JSON) & ws.close(1000, "bye");
    System.out.println("basic queued " + queued);
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
    ws.cancel();
    System.out.println("abort cancelled");
    listener.awaitEnd();
  }

  private static void realtime(int port) throws Exception {
    Transcript listener = new Transcript("realtime", REALTIME_SERVER_MESSAGES);
    listener.onText = (ws, text) -> {
      if (text.equals(SESSION_CREATED)) {
        ws.send(SESSION_UPDATE);
        ws.send(AUDIO_APPEND);
        ws.send(AUDIO_APPEND);
      } else if (text.equals(SECOND_RESPONSE[1])) {
        ws.send(RESPONSE_CANCEL);
      } else if (text.equals(CANCELLED_DONE)) {
        ws.close(1000, "done");
      }
    };
    connect(REALTIME_HOST, port, "/realtime", listener);
    listener.awaitEnd();
  }

  private static WebSocket connect(String host, int port, String path, Transcript listener) {
    return CLIENT.newWebSocket(new Request.Builder().url("http://" + host + ":" + port + path).build(), listener);
  }

  /** Prints every event; answers the peer's close as OkHttp's documentation does. */
  static final class Transcript extends WebSocketListener {
    private final String scenario;
    final CountDownLatch open = new CountDownLatch(1);
    final CountDownLatch messages;
    private final CountDownLatch end = new CountDownLatch(1);
    volatile BiConsumer<WebSocket, String> onText = (ws, t) -> {};

    Transcript(String scenario, int expectedMessages) {
      this.scenario = scenario;
      this.messages = new CountDownLatch(expectedMessages);
    }

    @Override
    public void onOpen(WebSocket ws, Response response) {
      open.countDown();
    }

    @Override
    public void onMessage(WebSocket ws, String text) {
      System.out.println(scenario + " text " + text.length() + " " + text.substring(0, Math.min(24, text.length())));
      onText.accept(ws, text);
      messages.countDown();
    }

    @Override
    public void onMessage(WebSocket ws, ByteString bytes) {
      System.out.println(scenario + " binary " + bytes.size());
      messages.countDown();
    }

    @Override
    public void onClosing(WebSocket ws, int code, String reason) {
      System.out.println(scenario + " onClosing " + code + " '" + reason + "'");
      ws.close(1000, null);
    }

    @Override
    public void onClosed(WebSocket ws, int code, String reason) {
      System.out.println(scenario + " onClosed " + code + " '" + reason + "'");
      end.countDown();
    }

    @Override
    public void onFailure(WebSocket ws, Throwable t, Response response) {
      System.out.println(scenario + " onFailure " + t.getClass().getName());
      end.countDown();
    }

    void awaitEnd() throws InterruptedException {
      if (!end.await(20, TimeUnit.SECONDS)) {
        System.out.println(scenario + " no end within 20 s");
      }
    }
  }
}
