package dev.earshot.agent.websocket.tomcat;

import net.bytebuddy.asm.Advice;

/** {@code WsFrameBase.processDataControl()}: tells a received close frame from Tomcat's own closes. */
public final class ControlFrameAdvice {

  private ControlFrameAdvice() {}

  @Advice.OnMethodEnter(inline = false, suppress = Throwable.class)
  public static boolean onEnter(@Advice.FieldValue("wsSession") Object session, @Advice.FieldValue("opCode") byte opCode) {
    return TomcatWebSocketHelper.controlFrameStarted(session, opCode);
  }

  @Advice.OnMethodExit(inline = false, onThrowable = Throwable.class, suppress = Throwable.class)
  public static void onExit(@Advice.Enter boolean wasClose) {
    TomcatWebSocketHelper.controlFrameDone(wasClose);
  }
}
