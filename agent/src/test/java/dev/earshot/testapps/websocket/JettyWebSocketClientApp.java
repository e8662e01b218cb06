package dev.earshot.testapps.websocket;

import dev.earshot.agent.it.websocket.RealtimeScript;
import java.net.URI;
import java.nio.ByteBuffer;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;
import org.eclipse.jetty.websocket.client.WebSocketClient;

/**
 * Jetty 12's {@code WebSocketClient} talking to a {@link WsCommands} server at {@code args[0]}
 * ({@code ws://127.0.0.1:N}); prints
 * {@code DONE} when both connections are over, then stays up for the metrics to be read.
 *
 * <ol>
 *   <li>{@code /jetty/client}: "hello", 3 binary bytes, "bin:4" (a 4-byte answer), the
 *       {@link RealtimeScript} (its application events asked for with {@code say:}), then this
 *       side closes with 1000;
 *   <li>{@code /jetty/client-dropped}: "abort:300": the server drops the connection 300 ms later (1006).
 * </ol>
 */
public final class JettyWebSocketClientApp {

  public static void main(String[] args) throws Exception {
    WebSocketClient client = new WebSocketClient();
    client.start();

    Listener first = new Listener();
    Session session = client.connect(first, URI.create(args[0] + "/jetty/client")).get(10, TimeUnit.SECONDS);
    send(session, "hello");
    Callback.Completable binarySent = new Callback.Completable();
    session.sendBinary(ByteBuffer.allocate(3), binarySent);
    binarySent.get(10, TimeUnit.SECONDS);
    send(session, "bin:4");
    expect(first.next(), 4);
    for (RealtimeScript.Step step : RealtimeScript.STEPS) {
      if (step.fromPeer()) {
        send(session, step.json());
      } else {
        send(session, "say:" + step.json());
        expect(first.next(), step.json());
      }
    }
    session.close(1000, "done", Callback.NOOP);
    expect(first.closed.get(10, TimeUnit.SECONDS), 1000);

    Listener second = new Listener();
    Session dropped = client.connect(second, URI.create(args[0] + "/jetty/client-dropped")).get(10, TimeUnit.SECONDS);
    // Not a plain "abort": the server could drop the connection before this client reports its
    // send complete, and Jetty then fails the send (an error the agent rightly counts).
    send(dropped, "abort:300");
    expect(second.closed.get(10, TimeUnit.SECONDS), 1006);

    System.out.println("DONE");
    Thread.sleep(Long.MAX_VALUE);
  }

  private static void send(Session session, String text) throws Exception {
    Callback.Completable sent = new Callback.Completable();
    session.sendText(text, sent);
    sent.get(10, TimeUnit.SECONDS);
  }

  private static void expect(Object actual, Object expected) {
    if (!expected.equals(actual)) {
      throw new IllegalStateException("expected " + expected + " but got " + actual);
    }
  }

  /** Whole messages received: text as String, binary as its size; the close code. */
  public static final class Listener extends Session.Listener.AbstractAutoDemanding {
    final BlockingQueue<Object> received = new LinkedBlockingQueue<>();
    final CompletableFuture<Integer> closed = new CompletableFuture<>();

    Object next() throws InterruptedException {
      Object message = received.poll(10, TimeUnit.SECONDS);
      if (message == null) {
        throw new IllegalStateException("no message within 10 s");
      }
      return message;
    }

    @Override
    public void onWebSocketText(String message) {
      received.add(message);
    }

    @Override
    public void onWebSocketBinary(ByteBuffer payload, Callback callback) {
      received.add(payload.remaining());
      callback.succeed();
    }

    @Override
    public void onWebSocketClose(int statusCode, String reason) {
      closed.complete(statusCode);
    }
  }
}
