package dev.earshot.agent.websocket.tomcat;

import jakarta.websocket.server.ServerEndpointConfig;
import java.net.URI;
import net.bytebuddy.asm.Advice;

/** Thin advice on the server {@code WsSession} constructor: everything is in {@link TomcatWebSocketHelper}. */
public final class ServerSessionAdvice {

  private ServerSessionAdvice() {}

  @Advice.OnMethodExit(inline = false, suppress = Throwable.class)
  public static void onExit(@Advice.This Object session, @Advice.Argument(2) URI requestUri, @Advice.Argument(11) ServerEndpointConfig config) {
    TomcatWebSocketHelper.serverSessionOpened(session, requestUri, config);
  }
}
