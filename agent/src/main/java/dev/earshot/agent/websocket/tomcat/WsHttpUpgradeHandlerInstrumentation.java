package dev.earshot.agent.websocket.tomcat;

import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArgument;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import dev.earshot.agent.core.TypeInstrumentation;
import java.util.Set;

/**
 * {@code WsHttpUpgradeHandler}: {@code preInit(config, ...)} receives, during the upgrade, the
 * per-session endpoint config its session will be created with; {@code destroy()} releases a server
 * connection whichever way its socket was closed, including the ways that never close the session
 * (a disconnect or error event, the connector stopping).
 */
final class WsHttpUpgradeHandlerInstrumentation implements TypeInstrumentation {

  @Override
  public Set<String> typeNames() {
    return Set.of("org.apache.tomcat.websocket.server.WsHttpUpgradeHandler");
  }

  @Override
  public void transform(AdviceTarget target) {
    target.applyAdvice(
        named("preInit").and(takesArgument(0, named("jakarta.websocket.server.ServerEndpointConfig"))),
        "dev.earshot.agent.websocket.tomcat.PreInitAdvice");
    target.applyAdvice(named("destroy").and(takesArguments(0)), "dev.earshot.agent.websocket.tomcat.SessionEndAdvice");
  }
}
