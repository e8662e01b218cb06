package dev.earshot.agent.websocket.tomcat;

import net.bytebuddy.asm.Advice;

/** {@code WsSession.checkExpiration()}: an idle timeout closes the session from inside it. */
public final class ExpirationAdvice {

  private ExpirationAdvice() {}

  @Advice.OnMethodEnter(inline = false, suppress = Throwable.class)
  public static void onEnter(@Advice.This Object session) {
    TomcatWebSocketHelper.expirationCheckStarted(session);
  }

  @Advice.OnMethodExit(inline = false, onThrowable = Throwable.class, suppress = Throwable.class)
  public static void onExit() {
    TomcatWebSocketHelper.expirationCheckDone();
  }
}
