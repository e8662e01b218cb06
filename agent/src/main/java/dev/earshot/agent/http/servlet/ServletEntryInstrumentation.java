package dev.earshot.agent.http.servlet;

import static net.bytebuddy.matcher.ElementMatchers.isAbstract;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.namedOneOf;
import static net.bytebuddy.matcher.ElementMatchers.not;
import static net.bytebuddy.matcher.ElementMatchers.takesArgument;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import dev.earshot.agent.core.TypeInstrumentation;
import java.util.Set;

/**
 * Where a request enters servlet code. The containers' filter chains come first, so requests that
 * a filter answers (an authentication filter's 401) are measured too, and filter time counts;
 * {@code HttpServlet.service} covers any other container. All matched by exact name: no type
 * hierarchy is resolved for the thousands of classes a web application loads.
 */
final class ServletEntryInstrumentation implements TypeInstrumentation {

  @Override
  public Set<String> typeNames() {
    return Set.of(
        "jakarta.servlet.http.HttpServlet",
        "org.apache.catalina.core.ApplicationFilterChain",
        "org.eclipse.jetty.ee10.servlet.ServletHandler$Chain",
        "org.eclipse.jetty.ee10.servlet.ServletHandler$ChainEnd",
        "org.eclipse.jetty.ee11.servlet.ServletHandler$Chain",
        "org.eclipse.jetty.ee11.servlet.ServletHandler$ChainEnd");
  }

  @Override
  public void transform(AdviceTarget target) {
    target.applyAdvice(
        namedOneOf("service", "doFilter")
            .and(not(isAbstract()))
            .and(takesArguments(2))
            .and(takesArgument(0, named("jakarta.servlet.ServletRequest")))
            .and(takesArgument(1, named("jakarta.servlet.ServletResponse"))),
        "dev.earshot.agent.http.servlet.ServletEntryAdvice");
  }
}
