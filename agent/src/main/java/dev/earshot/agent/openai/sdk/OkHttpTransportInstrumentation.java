package dev.earshot.agent.openai.sdk;

import static net.bytebuddy.matcher.ElementMatchers.isPrivate;
import static net.bytebuddy.matcher.ElementMatchers.isPublic;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import dev.earshot.agent.core.TypeInstrumentation;
import java.util.Set;

/**
 * The SDK's OkHttp transport: one {@code execute}/{@code executeAsync} per attempt; each builds its
 * OkHttp call in the private {@code newCall}, which is where the call is marked as the SDK's.
 */
final class OkHttpTransportInstrumentation implements TypeInstrumentation {

  @Override
  public Set<String> typeNames() {
    return Set.of("com.openai.client.okhttp.OkHttpClient");
  }

  @Override
  public void transform(AdviceTarget target) {
    target.applyAdvice(named("execute").and(takesArguments(2)).and(isPublic()), "dev.earshot.agent.openai.sdk.AttemptAdvice");
    target.applyAdvice(named("executeAsync").and(takesArguments(2)).and(isPublic()), "dev.earshot.agent.openai.sdk.AsyncAttemptAdvice");
    target.applyAdvice(named("newCall").and(takesArguments(2)).and(isPrivate()), "dev.earshot.agent.openai.sdk.TransportCallAdvice");
  }
}
