package dev.earshot.agent.websocket.tomcat;

import net.bytebuddy.asm.Advice;

/**
 * The connection is gone: {@code WsRemoteEndpointImplBase.close()} (Tomcat closes the socket of a
 * session, server or client) and {@code WsHttpUpgradeHandler.destroy()} (the server released the
 * upgraded connection, also when it closed the socket without closing the session: disconnect,
 * timeout, shutdown). Whichever comes first ends it.
 */
public final class SessionEndAdvice {

  private SessionEndAdvice() {}

  @Advice.OnMethodExit(inline = false, onThrowable = Throwable.class, suppress = Throwable.class)
  public static void onExit(@Advice.FieldValue("wsSession") Object session) {
    TomcatWebSocketHelper.ended(session);
  }
}
