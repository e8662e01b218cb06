package dev.earshot.agent.websocket.jdkclient;

import java.net.URI;
import java.util.concurrent.CompletableFuture;
import net.bytebuddy.asm.Advice;

/**
 * Thin advice on {@code jdk.internal.net.http.websocket.WebSocketImpl}; everything is in {@link
 * JdkWebSocketHelper}. Agent types never appear in these signatures: the call sites live in the
 * JDK's {@code java.net.http} module, which sees only JDK types.
 */
public final class WebSocketImplAdvice {

  private WebSocketImplAdvice() {}

  /** The handshake was answered and the connection's transport built. */
  public static final class Constructed {
    private Constructed() {}

    @Advice.OnMethodExit(inline = false, suppress = Throwable.class)
    public static void onExit(@Advice.This Object webSocket, @Advice.FieldValue("uri") URI uri) {
      JdkWebSocketHelper.opened(webSocket, uri);
    }
  }

  public static final class SendText {
    private SendText() {}

    @Advice.OnMethodEnter(inline = false, suppress = Throwable.class)
    public static long onEnter() {
      return System.nanoTime();
    }

    @Advice.OnMethodExit(inline = false, onThrowable = Throwable.class, suppress = Throwable.class)
    public static void onExit(@Advice.This Object webSocket, @Advice.Enter long startNanos, @Advice.Argument(1) boolean last,
        @Advice.Return CompletableFuture<?> result, @Advice.Thrown Throwable error) {
      JdkWebSocketHelper.sent(webSocket, startNanos, true, last, result, error);
    }
  }

  public static final class SendBinary {
    private SendBinary() {}

    @Advice.OnMethodEnter(inline = false, suppress = Throwable.class)
    public static long onEnter() {
      return System.nanoTime();
    }

    @Advice.OnMethodExit(inline = false, onThrowable = Throwable.class, suppress = Throwable.class)
    public static void onExit(@Advice.This Object webSocket, @Advice.Enter long startNanos, @Advice.Argument(1) boolean last,
        @Advice.Return CompletableFuture<?> result, @Advice.Thrown Throwable error) {
      JdkWebSocketHelper.sent(webSocket, startNanos, false, last, result, error);
    }
  }

  /** Every close frame this side sends: the application's, the reply to the peer's, a protocol failure's. */
  public static final class CloseSent {
    private CloseSent() {}

    @Advice.OnMethodEnter(inline = false, suppress = Throwable.class)
    public static void onEnter(@Advice.This Object webSocket, @Advice.Argument(0) int code) {
      JdkWebSocketHelper.closeSent(webSocket, code);
    }
  }

  /** The peer's close frame, or 1006 when its TCP stream ended without one. */
  public static final class Closed {
    private Closed() {}

    @Advice.OnMethodEnter(inline = false, suppress = Throwable.class)
    public static void onEnter(@Advice.This Object webSocket, @Advice.Argument(0) int code) {
      JdkWebSocketHelper.closed(webSocket, code);
    }
  }

  public static final class Failed {
    private Failed() {}

    @Advice.OnMethodEnter(inline = false, suppress = Throwable.class)
    public static void onEnter(@Advice.This Object webSocket, @Advice.Argument(0) Throwable error) {
      JdkWebSocketHelper.failed(webSocket, error);
    }
  }

  public static final class Aborted {
    private Aborted() {}

    @Advice.OnMethodEnter(inline = false, suppress = Throwable.class)
    public static void onEnter(@Advice.This Object webSocket) {
      JdkWebSocketHelper.aborted(webSocket);
    }
  }
}
