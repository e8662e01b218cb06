package dev.earshot.agent.websocket.jetty;

import net.bytebuddy.asm.Advice;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.websocket.core.Frame;
import org.eclipse.jetty.websocket.core.WebSocketCoreSession;

/** Jetty 12.0: a frame the application sends; a data frame's callback is replaced by one that times the send. */
public final class SendFrameAdvice {

  private SendFrameAdvice() {}

  @Advice.OnMethodEnter(inline = false, suppress = Throwable.class)
  @Advice.AssignReturned.ToArguments(@Advice.AssignReturned.ToArguments.ToArgument(1))
  @Advice.AssignReturned.AsScalar
  public static Callback onEnter(@Advice.This WebSocketCoreSession session, @Advice.Argument(0) Frame frame, @Advice.Argument(1) Callback callback) {
    return JettyWebSocketHelper.sending(session, frame, callback);
  }
}
