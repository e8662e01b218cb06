package dev.earshot.agent.websocket.okhttp;

import net.bytebuddy.asm.Advice;
import okio.ByteString;

/** Thin advice on {@code okhttp3.internal.ws.RealWebSocket}; everything is in {@link OkHttpWebSocketHelper}. */
public final class RealWebSocketAdvice {

  private RealWebSocketAdvice() {}

  /** OkHttp 4.x: {@code initReaderAndWriter(name, streams)}. */
  public static final class Opened4 {
    private Opened4() {}

    @Advice.OnMethodEnter(inline = false, suppress = Throwable.class)
    public static void onEnter(@Advice.This Object webSocket, @Advice.Argument(1) Object streams) {
      OkHttpWebSocketHelper.opening(webSocket, OkHttpWebSocketHelper.isClient4(streams));
    }

    @Advice.OnMethodExit(inline = false, suppress = Throwable.class)
    public static void onExit(@Advice.This Object webSocket, @Advice.FieldValue("reader") Object reader) {
      OkHttpWebSocketHelper.readerReady(webSocket, reader);
    }
  }

  /** OkHttp 5.x: {@code initReaderAndWriter(name, socket, client)}. */
  public static final class Opened5 {
    private Opened5() {}

    @Advice.OnMethodEnter(inline = false, suppress = Throwable.class)
    public static void onEnter(@Advice.This Object webSocket, @Advice.Argument(2) boolean client) {
      OkHttpWebSocketHelper.opening(webSocket, client);
    }

    @Advice.OnMethodExit(inline = false, suppress = Throwable.class)
    public static void onExit(@Advice.This Object webSocket, @Advice.FieldValue("reader") Object reader) {
      OkHttpWebSocketHelper.readerReady(webSocket, reader);
    }
  }

  /** {@code send(ByteString, opcode)}: synchronized, so queueing order here is the writer's order. */
  public static final class Queued {
    private Queued() {}

    @Advice.OnMethodEnter(inline = false, suppress = Throwable.class)
    public static long onEnter() {
      return System.nanoTime();
    }

    @Advice.OnMethodExit(inline = false, suppress = Throwable.class)
    public static void onExit(@Advice.This Object webSocket, @Advice.Enter long startNanos, @Advice.Return boolean queued) {
      if (queued) {
        OkHttpWebSocketHelper.queued(webSocket, startNanos);
      }
    }
  }

  public static final class TextQueued {
    private TextQueued() {}

    @Advice.OnMethodExit(inline = false, suppress = Throwable.class)
    public static void onExit(@Advice.This Object webSocket, @Advice.Argument(0) String text, @Advice.Return boolean queued) {
      if (queued) {
        OkHttpWebSocketHelper.textQueued(webSocket, text);
      }
    }
  }

  /** The writer thread writes one frame; the writer's own advice finds the connection through this thread. */
  public static final class Writing {
    private Writing() {}

    @Advice.OnMethodEnter(inline = false, suppress = Throwable.class)
    public static void onEnter(@Advice.This Object webSocket) {
      OkHttpWebSocketHelper.writing(webSocket);
    }

    @Advice.OnMethodExit(inline = false, onThrowable = Throwable.class, suppress = Throwable.class)
    public static void onExit() {
      OkHttpWebSocketHelper.written();
    }
  }

  public static final class TextRead {
    private TextRead() {}

    @Advice.OnMethodEnter(inline = false, suppress = Throwable.class)
    public static void onEnter(@Advice.This Object webSocket, @Advice.Argument(0) String text) {
      OkHttpWebSocketHelper.textRead(webSocket, text);
    }
  }

  public static final class BinaryRead {
    private BinaryRead() {}

    @Advice.OnMethodEnter(inline = false, suppress = Throwable.class)
    public static void onEnter(@Advice.This Object webSocket, @Advice.Argument(0) ByteString bytes) {
      OkHttpWebSocketHelper.binaryRead(webSocket);
    }
  }

  public static final class CloseRead {
    private CloseRead() {}

    @Advice.OnMethodEnter(inline = false, suppress = Throwable.class)
    public static void onEnter(@Advice.This Object webSocket, @Advice.Argument(0) int code) {
      OkHttpWebSocketHelper.closeRead(webSocket, code);
    }
  }

  public static final class Failed {
    private Failed() {}

    @Advice.OnMethodEnter(inline = false, suppress = Throwable.class)
    public static void onEnter(@Advice.This Object webSocket, @Advice.Argument(0) Exception error) {
      OkHttpWebSocketHelper.failed(webSocket, error);
    }
  }

  public static final class Cancelled {
    private Cancelled() {}

    @Advice.OnMethodEnter(inline = false, suppress = Throwable.class)
    public static void onEnter(@Advice.This Object webSocket) {
      OkHttpWebSocketHelper.cancelled(webSocket);
    }
  }
}
