package dev.earshot.agent.websocket.tomcat;

import net.bytebuddy.asm.Advice;

/** {@code WsFrameBase.processData()}: true once a frame's payload has been read and handled. */
public final class FrameReadAdvice {

  private FrameReadAdvice() {}

  @Advice.OnMethodExit(inline = false, suppress = Throwable.class)
  public static void onExit(
      @Advice.Return boolean complete,
      @Advice.FieldValue("wsSession") Object session,
      @Advice.FieldValue("opCode") byte opCode,
      @Advice.FieldValue("fin") boolean fin,
      @Advice.FieldValue("textMessage") boolean textMessage,
      @Advice.FieldValue("payloadLength") long payloadLength) {
    if (complete) {
      TomcatWebSocketHelper.frameReceived(session, opCode, fin, textMessage, payloadLength);
    }
  }
}
