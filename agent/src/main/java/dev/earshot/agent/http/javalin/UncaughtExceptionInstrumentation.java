package dev.earshot.agent.http.javalin;

import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import dev.earshot.agent.core.TypeInstrumentation;
import java.util.Set;

/**
 * {@code ExceptionMapper.uncaughtException(Context, Exception)}: a handler threw an exception for
 * which the application registered no exception handler; Javalin answers 500 itself.
 */
final class UncaughtExceptionInstrumentation implements TypeInstrumentation {

  @Override
  public Set<String> typeNames() {
    return Set.of("io.javalin.router.exception.ExceptionMapper");
  }

  @Override
  public void transform(AdviceTarget target) {
    target.applyAdvice(named("uncaughtException").and(takesArguments(2)), "dev.earshot.agent.http.javalin.UncaughtExceptionAdvice");
  }
}
