package dev.earshot.agent.openai.sdk;

import com.openai.core.http.HttpRequest;
import com.openai.core.http.HttpResponse;
import java.util.concurrent.CompletableFuture;
import net.bytebuddy.asm.Advice;

/** An asynchronous SDK call: measured from entry to the end of the body of the response it completes with. */
public final class ExecuteAsyncAdvice {

  private ExecuteAsyncAdvice() {}

  @Advice.OnMethodEnter(inline = false, suppress = Throwable.class)
  public static Object onEnter(@Advice.Argument(0) HttpRequest request) {
    return OpenAiSdkHelper.callStarted(request);
  }

  @Advice.OnMethodExit(inline = false, onThrowable = Throwable.class, suppress = Throwable.class)
  @Advice.AssignReturned.ToReturned
  @Advice.AssignReturned.AsScalar
  public static CompletableFuture<HttpResponse> onExit(
      @Advice.Enter Object call, @Advice.Return CompletableFuture<HttpResponse> future, @Advice.Thrown Throwable error) {
    return OpenAiSdkHelper.asyncCallReturned(call, future, error);
  }
}
