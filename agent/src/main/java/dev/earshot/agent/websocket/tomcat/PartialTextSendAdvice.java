package dev.earshot.agent.websocket.tomcat;

import net.bytebuddy.asm.Advice;

/**
 * {@code sendPartialString(String, boolean)}: timed; its last part, when no fragmented message is
 * under way ({@code fragmented}, as Tomcat's writer leaves it after each blocking part), is a whole
 * text message and is shown to the conversation tracker. Frameworks send every text message this way
 * (Spring's {@code StandardWebSocketSession} calls {@code sendText(payload, isLast)}).
 */
public final class PartialTextSendAdvice {

  private PartialTextSendAdvice() {}

  @Advice.OnMethodEnter(inline = false, suppress = Throwable.class)
  public static long onEnter(
      @Advice.FieldValue("wsSession") Object session,
      @Advice.FieldValue("fragmented") boolean fragmented,
      @Advice.Argument(0) String part,
      @Advice.Argument(1) boolean last) {
    return TomcatWebSocketHelper.sendStarted(session, last && !fragmented ? part : null);
  }

  @Advice.OnMethodExit(inline = false, onThrowable = Throwable.class, suppress = Throwable.class)
  public static void onExit(
      @Advice.FieldValue("wsSession") Object session, @Advice.Enter long startNanos, @Advice.Thrown Throwable error) {
    TomcatWebSocketHelper.sendReturned(session, startNanos, error);
  }
}
