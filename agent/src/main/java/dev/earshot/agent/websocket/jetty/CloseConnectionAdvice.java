package dev.earshot.agent.websocket.jetty;

import net.bytebuddy.asm.Advice;
import org.eclipse.jetty.websocket.core.WebSocketCoreSession;

/** The connection ends (clean close, peer gone, error, idle timeout, abort): reported once. */
public final class CloseConnectionAdvice {

  private CloseConnectionAdvice() {}

  @Advice.OnMethodEnter(inline = false, suppress = Throwable.class)
  public static void onEnter(@Advice.This WebSocketCoreSession session) {
    JettyWebSocketHelper.ended(session);
  }
}
