package dev.earshot.agent.websocket.jetty;

import net.bytebuddy.asm.Advice;
import org.eclipse.jetty.websocket.core.WebSocketCoreSession;

/** Thin advice: everything is in {@link JettyWebSocketHelper}. On entry: before the application's onOpen, which may already send. */
public final class OpenAdvice {

  private OpenAdvice() {}

  @Advice.OnMethodEnter(inline = false, suppress = Throwable.class)
  public static void onEnter(@Advice.This WebSocketCoreSession session) {
    JettyWebSocketHelper.opened(session);
  }
}
