package dev.earshot.agent.websocket.tomcat;

import jakarta.websocket.SendHandler;
import net.bytebuddy.asm.Advice;

/**
 * {@code sendStringByCompletion} and {@code sendBytesByCompletion} (the {@code Future} variants
 * end there too): the handler is swapped for one that times the send to its completion.
 */
public final class AsyncSendAdvice {

  private AsyncSendAdvice() {}

  @Advice.OnMethodEnter(inline = false, suppress = Throwable.class)
  @Advice.AssignReturned.ToArguments(@Advice.AssignReturned.ToArguments.ToArgument(1))
  @Advice.AssignReturned.AsScalar
  public static SendHandler onEnter(
      @Advice.FieldValue("wsSession") Object session, @Advice.Argument(0) Object payload, @Advice.Argument(1) SendHandler handler) {
    return TomcatWebSocketHelper.asyncSendStarted(session, payload, handler);
  }

  @Advice.OnMethodExit(inline = false, onThrowable = Throwable.class, suppress = Throwable.class)
  public static void onExit(@Advice.Argument(1) SendHandler handler, @Advice.Thrown Throwable error) {
    TomcatWebSocketHelper.asyncSendReturned(handler, error);
  }
}
