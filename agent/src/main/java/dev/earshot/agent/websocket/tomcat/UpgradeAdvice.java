package dev.earshot.agent.websocket.tomcat;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.websocket.server.ServerEndpointConfig;
import net.bytebuddy.asm.Advice;

/** Thin advice on {@code UpgradeUtil.doUpgrade}: everything is in {@link TomcatWebSocketHelper}. */
public final class UpgradeAdvice {

  private UpgradeAdvice() {}

  @Advice.OnMethodEnter(inline = false, suppress = Throwable.class)
  public static void onEnter(@Advice.Argument(1) HttpServletRequest request, @Advice.Argument(3) ServerEndpointConfig config) {
    TomcatWebSocketHelper.upgradeStarted(request, config);
  }

  @Advice.OnMethodExit(inline = false, onThrowable = Throwable.class, suppress = Throwable.class)
  public static void onExit() {
    TomcatWebSocketHelper.upgradeFinished();
  }
}
