package dev.earshot.agent.websocket.tomcat;

import jakarta.websocket.CloseReason;
import net.bytebuddy.asm.Advice;

/** {@code WsSession.doClose(CloseReason toPeer, CloseReason local, boolean closeSocket)}: before Tomcat writes its close frame. */
public final class SessionDoCloseAdvice {

  private SessionDoCloseAdvice() {}

  @Advice.OnMethodEnter(inline = false, suppress = Throwable.class)
  public static void onEnter(
      @Advice.This Object session,
      @Advice.Argument(0) CloseReason toPeer,
      @Advice.Argument(1) CloseReason local,
      @Advice.Argument(2) boolean closeSocket) {
    TomcatWebSocketHelper.sessionClosingLocally(session, toPeer, local, closeSocket);
  }
}
