package dev.earshot.agent.websocket.tomcat;

import net.bytebuddy.asm.Advice;

/** {@code sendString(String)}: a whole text message, timed and shown to the conversation tracker. */
public final class SendTextAdvice {

  private SendTextAdvice() {}

  @Advice.OnMethodEnter(inline = false, suppress = Throwable.class)
  public static long onEnter(@Advice.FieldValue("wsSession") Object session, @Advice.Argument(0) String text) {
    return TomcatWebSocketHelper.sendStarted(session, text);
  }

  @Advice.OnMethodExit(inline = false, onThrowable = Throwable.class, suppress = Throwable.class)
  public static void onExit(
      @Advice.FieldValue("wsSession") Object session, @Advice.Enter long startNanos, @Advice.Thrown Throwable error) {
    TomcatWebSocketHelper.sendReturned(session, startNanos, error);
  }
}
