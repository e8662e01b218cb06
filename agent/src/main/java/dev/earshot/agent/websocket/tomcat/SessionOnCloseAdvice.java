package dev.earshot.agent.websocket.tomcat;

import jakarta.websocket.CloseReason;
import net.bytebuddy.asm.Advice;

/** {@code WsSession.onClose(CloseReason)}: before Tomcat answers or drops the connection. */
public final class SessionOnCloseAdvice {

  private SessionOnCloseAdvice() {}

  @Advice.OnMethodEnter(inline = false, suppress = Throwable.class)
  public static void onEnter(@Advice.This Object session, @Advice.Argument(0) CloseReason reason) {
    TomcatWebSocketHelper.sessionClosing(session, reason);
  }
}
