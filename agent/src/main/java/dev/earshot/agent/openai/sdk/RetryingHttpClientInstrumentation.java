package dev.earshot.agent.openai.sdk;

import static net.bytebuddy.matcher.ElementMatchers.isPublic;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import dev.earshot.agent.core.TypeInstrumentation;
import java.util.Set;

/**
 * {@code RetryingHttpClient} is the outermost HTTP client of every SDK client: each service call
 * (chat, responses, embeddings, audio, realtime client secrets, any other) passes through its
 * {@code execute} or {@code executeAsync} once, and its retries happen inside.
 */
final class RetryingHttpClientInstrumentation implements TypeInstrumentation {

  @Override
  public Set<String> typeNames() {
    return Set.of("com.openai.core.http.RetryingHttpClient");
  }

  @Override
  public void transform(AdviceTarget target) {
    target.applyAdvice(named("execute").and(takesArguments(2)).and(isPublic()), "dev.earshot.agent.openai.sdk.ExecuteAdvice");
    target.applyAdvice(named("executeAsync").and(takesArguments(2)).and(isPublic()), "dev.earshot.agent.openai.sdk.ExecuteAsyncAdvice");
  }
}
