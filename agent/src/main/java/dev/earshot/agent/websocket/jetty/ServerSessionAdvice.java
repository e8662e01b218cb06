package dev.earshot.agent.websocket.jetty;

import net.bytebuddy.asm.Advice;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.websocket.core.WebSocketCoreSession;

/** Thin advice: everything is in {@link JettyUpgrades}. Only a session actually created counts. */
public final class ServerSessionAdvice {

  private ServerSessionAdvice() {}

  @Advice.OnMethodExit(inline = false, suppress = Throwable.class)
  public static void onExit(@Advice.Argument(0) Request request, @Advice.Return WebSocketCoreSession session) {
    JettyUpgrades.sessionCreated(request, session);
  }
}
