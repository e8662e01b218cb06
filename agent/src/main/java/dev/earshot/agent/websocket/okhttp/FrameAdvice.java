package dev.earshot.agent.websocket.okhttp;

import net.bytebuddy.asm.Advice;
import okio.Buffer;
import okio.ByteString;

/** Thin advice on OkHttp's frame writer, reader and deflater; everything is in {@link OkHttpWebSocketHelper}. */
public final class FrameAdvice {

  private FrameAdvice() {}

  public static final class MessageWritten {
    private MessageWritten() {}

    @Advice.OnMethodEnter(inline = false, suppress = Throwable.class)
    public static void onEnter() {
      OkHttpWebSocketHelper.messageWriting();
    }

    @Advice.OnMethodExit(inline = false, onThrowable = Throwable.class, suppress = Throwable.class)
    public static void onExit(@Advice.Argument(0) int opcode, @Advice.Argument(1) ByteString data, @Advice.Thrown Throwable error) {
      OkHttpWebSocketHelper.messageWritten(opcode, data, error);
    }
  }

  /**
   * The close frame is reported before it is written: the peer's answer can be read (on the
   * reader thread) before {@code writeClose} returns, and this side's close came first.
   */
  public static final class CloseWritten {
    private CloseWritten() {}

    @Advice.OnMethodEnter(inline = false, suppress = Throwable.class)
    public static void onEnter(@Advice.Argument(0) int code) {
      OkHttpWebSocketHelper.closeWriting(code);
    }

    @Advice.OnMethodExit(inline = false, onThrowable = Throwable.class, suppress = Throwable.class)
    public static void onExit(@Advice.Thrown Throwable error) {
      if (error == null) {
        OkHttpWebSocketHelper.closeWritten();
      }
    }
  }

  public static final class Deflated {
    private Deflated() {}

    @Advice.OnMethodExit(inline = false, suppress = Throwable.class)
    public static void onExit(@Advice.Argument(0) Buffer buffer) {
      OkHttpWebSocketHelper.deflated(buffer);
    }
  }

  public static final class HeaderRead {
    private HeaderRead() {}

    @Advice.OnMethodExit(inline = false, suppress = Throwable.class)
    public static void onExit(@Advice.This Object reader, @Advice.FieldValue("isControlFrame") boolean control,
        @Advice.FieldValue("frameLength") long payloadLength) {
      if (!control) {
        OkHttpWebSocketHelper.dataFrameRead(reader, payloadLength);
      }
    }
  }
}
