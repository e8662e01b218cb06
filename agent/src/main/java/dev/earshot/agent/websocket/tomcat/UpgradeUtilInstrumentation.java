package dev.earshot.agent.websocket.tomcat;

import static net.bytebuddy.matcher.ElementMatchers.isStatic;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArgument;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import dev.earshot.agent.core.TypeInstrumentation;
import java.util.Set;

/**
 * {@code UpgradeUtil.doUpgrade(container, request, response, config, pathParams)}: every server
 * upgrade, from Tomcat's own filter ({@code @ServerEndpoint} and programmatic endpoints) and from
 * {@code ServerContainer.upgradeHttpToWebSocket} (frameworks such as Spring). The servlet request is
 * at hand here, with the route a framework matched.
 */
final class UpgradeUtilInstrumentation implements TypeInstrumentation {

  @Override
  public Set<String> typeNames() {
    return Set.of("org.apache.tomcat.websocket.server.UpgradeUtil");
  }

  @Override
  public void transform(AdviceTarget target) {
    target.applyAdvice(
        named("doUpgrade").and(isStatic()).and(takesArguments(5))
            .and(takesArgument(1, named("jakarta.servlet.http.HttpServletRequest"))),
        "dev.earshot.agent.websocket.tomcat.UpgradeAdvice");
  }
}
