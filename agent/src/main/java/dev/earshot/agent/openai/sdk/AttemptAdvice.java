package dev.earshot.agent.openai.sdk;

import com.openai.core.http.HttpRequest;
import com.openai.core.http.HttpResponse;
import net.bytebuddy.asm.Advice;

/** One blocking attempt of the SDK's transport. */
public final class AttemptAdvice {

  private AttemptAdvice() {}

  @Advice.OnMethodExit(inline = false, onThrowable = Throwable.class, suppress = Throwable.class)
  public static void onExit(@Advice.Argument(0) HttpRequest request, @Advice.Return HttpResponse response, @Advice.Thrown Throwable error) {
    OpenAiSdkHelper.attemptEnded(request, response, error);
  }
}
