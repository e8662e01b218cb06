package dev.earshot.agent.openai.sdk;

import com.openai.core.http.HttpRequest;
import com.openai.core.http.HttpResponse;
import java.util.concurrent.CompletableFuture;
import net.bytebuddy.asm.Advice;

/** One asynchronous attempt of the SDK's transport; observed when its future completes. */
public final class AsyncAttemptAdvice {

  private AsyncAttemptAdvice() {}

  @Advice.OnMethodExit(inline = false, onThrowable = Throwable.class, suppress = Throwable.class)
  public static void onExit(
      @Advice.Argument(0) HttpRequest request, @Advice.Return CompletableFuture<HttpResponse> future, @Advice.Thrown Throwable error) {
    OpenAiSdkHelper.asyncAttemptReturned(request, future, error);
  }
}
