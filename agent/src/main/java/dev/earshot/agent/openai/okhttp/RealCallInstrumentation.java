package dev.earshot.agent.openai.okhttp;

import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import dev.earshot.agent.core.TypeInstrumentation;
import java.util.Set;

/**
 * Blocking and asynchronous OkHttp calls both get their response from
 * {@code RealCall.getResponseWithInterceptorChain} (a Kotlin internal function, hence the
 * {@code $okhttp} suffix), on the calling thread or on the dispatcher's: one point for both, after
 * every interceptor, before the application sees the response.
 */
final class RealCallInstrumentation implements TypeInstrumentation {

  @Override
  public Set<String> typeNames() {
    return Set.of("okhttp3.internal.connection.RealCall");
  }

  @Override
  public void transform(AdviceTarget target) {
    target.applyAdvice(named("getResponseWithInterceptorChain$okhttp").and(takesArguments(0)), "dev.earshot.agent.openai.okhttp.RealCallAdvice");
  }
}
