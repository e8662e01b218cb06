package dev.earshot.agent.websocket.tomcat;

import net.bytebuddy.asm.Advice;

/** Thin advice on the client {@code WsSession} constructor: everything is in {@link TomcatWebSocketHelper}. */
public final class ClientSessionAdvice {

  private ClientSessionAdvice() {}

  @Advice.OnMethodExit(inline = false, suppress = Throwable.class)
  public static void onExit(@Advice.This Object session) {
    TomcatWebSocketHelper.clientSessionOpened(session);
  }
}
