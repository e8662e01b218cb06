package dev.earshot.agent.websocket.tomcat;

import net.bytebuddy.asm.Advice;

/**
 * Thin advice on {@code WsHttpUpgradeHandler.preInit}, called by {@code doUpgrade} with the
 * per-session endpoint config that the session will get: everything is in {@link TomcatWebSocketHelper}.
 */
public final class PreInitAdvice {

  private PreInitAdvice() {}

  @Advice.OnMethodEnter(inline = false, suppress = Throwable.class)
  public static void onEnter(@Advice.Argument(0) Object perSessionConfig) {
    TomcatWebSocketHelper.upgradePrepared(perSessionConfig);
  }
}
