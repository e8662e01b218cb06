package dev.earshot.agent.websocket.tomcat;

import jakarta.websocket.CloseReason;
import net.bytebuddy.asm.Advice;

/** {@code WsSession.doClose(CloseReason, CloseReason, boolean)}: before Tomcat writes its close frame. */
public final class SessionDoCloseAdvice {

  private SessionDoCloseAdvice() {}

  @Advice.OnMethodEnter(inline = false, suppress = Throwable.class)
  public static void onEnter(
      @Advice.This Object session, @Advice.Argument(1) CloseReason local, @Advice.Argument(2) boolean closeSocket) {
    TomcatWebSocketHelper.sessionClosingLocally(session, local, closeSocket);
  }
}
