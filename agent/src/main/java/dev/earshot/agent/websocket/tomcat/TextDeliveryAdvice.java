package dev.earshot.agent.websocket.tomcat;

import jakarta.websocket.MessageHandler;
import java.nio.CharBuffer;
import net.bytebuddy.asm.Advice;

/** {@code WsFrameBase.sendMessageText(boolean last)}: decoded text on its way to the application's handler. */
public final class TextDeliveryAdvice {

  private TextDeliveryAdvice() {}

  @Advice.OnMethodEnter(inline = false, suppress = Throwable.class)
  public static void onEnter(
      @Advice.Argument(0) boolean last,
      @Advice.FieldValue("wsSession") Object session,
      @Advice.FieldValue("textMsgHandler") MessageHandler handler,
      @Advice.FieldValue("messageBufferText") CharBuffer text,
      @Advice.FieldValue("opCode") byte opCode,
      @Advice.FieldValue("payloadLength") long payloadLength,
      @Advice.FieldValue("rsv") int rsv) {
    TomcatWebSocketHelper.textDelivered(session, last, handler, text, opCode, payloadLength, rsv);
  }
}
