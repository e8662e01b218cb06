package dev.earshot.agent.websocket.tomcat;

import net.bytebuddy.asm.Advice;

/** Blocking binary sends ({@code sendBytes}, {@code sendPartialBytes}): timed. */
public final class SendAdvice {

  private SendAdvice() {}

  @Advice.OnMethodEnter(inline = false, suppress = Throwable.class)
  public static long onEnter(@Advice.FieldValue("wsSession") Object session) {
    return TomcatWebSocketHelper.sendStarted(session, null);
  }

  @Advice.OnMethodExit(inline = false, onThrowable = Throwable.class, suppress = Throwable.class)
  public static void onExit(
      @Advice.FieldValue("wsSession") Object session, @Advice.Enter long startNanos, @Advice.Thrown Throwable error) {
    TomcatWebSocketHelper.sendReturned(session, startNanos, error);
  }
}
