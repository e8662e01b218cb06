package dev.earshot.agent.openai.javahttp;

import static net.bytebuddy.matcher.ElementMatchers.isPrivate;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import dev.earshot.agent.core.TypeInstrumentation;
import java.util.Set;

/**
 * {@code send} and both {@code sendAsync} of the JDK's client implementation end in one private
 * {@code sendAsync(request, handler, pushPromiseHandler, executor)} (JDK 11 to 25): one point for
 * blocking and asynchronous calls.
 */
final class HttpClientImplInstrumentation implements TypeInstrumentation {

  @Override
  public Set<String> typeNames() {
    return Set.of("jdk.internal.net.http.HttpClientImpl");
  }

  @Override
  public void transform(AdviceTarget target) {
    target.applyAdvice(named("sendAsync").and(takesArguments(4)).and(isPrivate()), "dev.earshot.agent.openai.javahttp.SendAsyncAdvice");
  }
}
