package dev.earshot.agent.http.jdkserver;

import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import dev.earshot.agent.core.TypeInstrumentation;
import java.util.Set;

/**
 * Every exchange of the JDK server runs through {@code Filter.Chain.doFilter}: the chain of the
 * context's filters wraps the chain of system filters, whose end calls the handler. One JDK class,
 * so application handler classes need no matching at all.
 */
final class FilterChainInstrumentation implements TypeInstrumentation {

  @Override
  public Set<String> typeNames() {
    return Set.of("com.sun.net.httpserver.Filter$Chain");
  }

  @Override
  public void transform(AdviceTarget target) {
    target.applyAdvice(named("doFilter").and(takesArguments(1)), "dev.earshot.agent.http.jdkserver.FilterChainAdvice");
  }
}
