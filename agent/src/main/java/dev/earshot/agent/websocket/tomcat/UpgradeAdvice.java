package dev.earshot.agent.websocket.tomcat;

import jakarta.servlet.http.HttpServletRequest;
import net.bytebuddy.asm.Advice;

/** Thin advice on {@code UpgradeUtil.doUpgrade}: everything is in {@link TomcatWebSocketHelper}. */
public final class UpgradeAdvice {

  private UpgradeAdvice() {}

  @Advice.OnMethodEnter(inline = false, suppress = Throwable.class)
  public static void onEnter(@Advice.Argument(1) HttpServletRequest request) {
    TomcatWebSocketHelper.upgradeStarted(request);
  }

  @Advice.OnMethodExit(inline = false, onThrowable = Throwable.class, suppress = Throwable.class)
  public static void onExit() {
    TomcatWebSocketHelper.upgradeFinished();
  }
}
