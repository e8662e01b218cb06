package dev.earshot.agent.websocket.tomcat;

import java.net.URI;
import net.bytebuddy.asm.Advice;

/** {@code WsWebSocketContainer.connectToServerRecursive}: the client session it creates gets this target. */
public final class ConnectAdvice {

  private ConnectAdvice() {}

  @Advice.OnMethodEnter(inline = false, suppress = Throwable.class)
  public static URI onEnter(@Advice.Argument(2) URI target) {
    return TomcatWebSocketHelper.connecting(target);
  }

  @Advice.OnMethodExit(inline = false, onThrowable = Throwable.class, suppress = Throwable.class)
  public static void onExit(@Advice.Enter URI previous) {
    TomcatWebSocketHelper.connected(previous);
  }
}
