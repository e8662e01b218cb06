package dev.earshot.agent.websocket.jdkclient;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import net.bytebuddy.asm.Advice;

/**
 * Thin advice on the JDK's frame encoder and decoder ({@code MessageEncoder}, {@code
 * MessageDecoder}) and on the transport that creates them; everything is in {@link
 * JdkWebSocketHelper}. Opcodes are {@code Frame.Opcode} constants, passed as plain objects: their
 * ordinal is the wire opcode.
 */
public final class FrameCodecAdvice {

  private FrameCodecAdvice() {}

  public static final class TransportBuilt {
    private TransportBuilt() {}

    @Advice.OnMethodExit(inline = false, suppress = Throwable.class)
    public static void onExit(@Advice.FieldValue("encoder") Object encoder, @Advice.FieldValue("decoder") Object decoder) {
      JdkWebSocketHelper.codecsBuilt(encoder, decoder);
    }
  }

  /** One frame about to be sent: its payload length is known before its header is written. */
  public static final class HeaderWritten {
    private HeaderWritten() {}

    @Advice.OnMethodEnter(inline = false, suppress = Throwable.class)
    public static void onEnter(@Advice.This Object encoder, @Advice.Argument(0) Object opcode, @Advice.Argument(2) long payloadLength) {
      JdkWebSocketHelper.frameSent(encoder, opcode, payloadLength);
    }
  }

  public static final class TextEncoded {
    private TextEncoded() {}

    @Advice.OnMethodEnter(inline = false, suppress = Throwable.class)
    public static void onEnter(@Advice.This Object encoder, @Advice.Argument(0) CharBuffer text, @Advice.Argument(1) boolean last,
        @Advice.FieldValue("started") boolean started, @Advice.FieldValue("previousFin") boolean previousFinished) {
      if (!started && last && previousFinished) {
        JdkWebSocketHelper.wholeTextSent(encoder, text);
      }
    }
  }

  public static final class FrameHeaderRead {
    private FrameHeaderRead() {}

    @Advice.OnMethodEnter(inline = false, suppress = Throwable.class)
    public static void onEnter(@Advice.This Object decoder, @Advice.FieldValue("opcode") Object opcode, @Advice.Argument(0) long payloadLength) {
      JdkWebSocketHelper.frameReceived(decoder, opcode, payloadLength);
    }
  }

  /** A chunk of a frame's payload: the chunks of a single-frame text message go to the tracker (a large frame comes in several reads). */
  public static final class PayloadRead {
    private PayloadRead() {}

    @Advice.OnMethodEnter(inline = false, suppress = Throwable.class)
    public static void onEnter(@Advice.This Object decoder, @Advice.Argument(0) ByteBuffer payload, @Advice.FieldValue("opcode") Object opcode,
        @Advice.FieldValue("fin") boolean fin, @Advice.FieldValue("payloadLen") long payloadLength,
        @Advice.FieldValue("unconsumedPayloadLen") long unconsumed) {
      if (fin && payloadLength > 0) {
        JdkWebSocketHelper.textReceived(decoder, opcode, payload, unconsumed == payloadLength, payload.remaining() >= unconsumed);
      }
    }
  }

  public static final class FrameEnded {
    private FrameEnded() {}

    @Advice.OnMethodEnter(inline = false, suppress = Throwable.class)
    public static void onEnter(@Advice.This Object decoder, @Advice.FieldValue("opcode") Object opcode, @Advice.FieldValue("fin") boolean fin,
        @Advice.FieldValue("originatingOpcode") Object firstOpcode) {
      if (fin) {
        JdkWebSocketHelper.frameEnded(decoder, opcode, firstOpcode);
      }
    }
  }
}
