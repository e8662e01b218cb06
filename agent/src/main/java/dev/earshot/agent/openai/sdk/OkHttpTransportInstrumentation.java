package dev.earshot.agent.openai.sdk;

import static net.bytebuddy.matcher.ElementMatchers.isPublic;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import dev.earshot.agent.core.TypeInstrumentation;
import java.util.Set;

/** The SDK's OkHttp transport: one {@code execute}/{@code executeAsync} per attempt. */
final class OkHttpTransportInstrumentation implements TypeInstrumentation {

  @Override
  public Set<String> typeNames() {
    return Set.of("com.openai.client.okhttp.OkHttpClient");
  }

  @Override
  public void transform(AdviceTarget target) {
    target.applyAdvice(named("execute").and(takesArguments(2)).and(isPublic()), "dev.earshot.agent.openai.sdk.AttemptAdvice");
    target.applyAdvice(named("executeAsync").and(takesArguments(2)).and(isPublic()), "dev.earshot.agent.openai.sdk.AsyncAttemptAdvice");
  }
}
