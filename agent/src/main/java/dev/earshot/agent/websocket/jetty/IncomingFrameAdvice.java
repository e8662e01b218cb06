package dev.earshot.agent.websocket.jetty;

import net.bytebuddy.asm.Advice;
import org.eclipse.jetty.websocket.core.Frame;
import org.eclipse.jetty.websocket.core.WebSocketCoreSession;

/** Thin advice: everything is in {@link JettyWebSocketHelper}. {@code this$0} is the adaptor's session. */
public final class IncomingFrameAdvice {

  private IncomingFrameAdvice() {}

  @Advice.OnMethodEnter(inline = false, suppress = Throwable.class)
  public static void onEnter(@Advice.FieldValue("this$0") WebSocketCoreSession session, @Advice.Argument(0) Frame frame) {
    JettyWebSocketHelper.received(session, frame);
  }
}
