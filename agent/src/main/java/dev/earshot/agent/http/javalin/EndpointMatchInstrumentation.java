package dev.earshot.agent.http.javalin;

import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArgument;

import dev.earshot.agent.core.TypeInstrumentation;
import java.util.Set;

/** {@code JavalinServletContext.update(Endpoint, Map)} runs each time a handler is matched to the request. */
final class EndpointMatchInstrumentation implements TypeInstrumentation {

  @Override
  public Set<String> typeNames() {
    return Set.of("io.javalin.http.servlet.JavalinServletContext");
  }

  @Override
  public void transform(AdviceTarget target) {
    target.applyAdvice(
        named("update").and(takesArgument(0, named("io.javalin.router.Endpoint"))),
        "dev.earshot.agent.http.javalin.EndpointMatchAdvice");
  }
}
