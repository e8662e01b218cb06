package dev.earshot.agent.websocket.jetty;

import net.bytebuddy.asm.Advice;
import org.eclipse.jetty.websocket.core.WebSocketCoreSession;

/**
 * {@code abort()} called by the application (Jetty API {@code Session.disconnect()}): the socket is
 * closed here, so a connection that ends without close frames was dropped by this side.
 */
public final class AbortAdvice {

  private AbortAdvice() {}

  @Advice.OnMethodEnter(inline = false, suppress = Throwable.class)
  public static void onEnter(@Advice.This WebSocketCoreSession session) {
    JettyWebSocketHelper.aborting(session);
  }
}
