package dev.earshot.agent.openai.javahttp;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.CompletableFuture;
import net.bytebuddy.asm.Advice;

/** Swaps in a metered body handler for calls to OpenAI hosts; watches the future for failures without a response. */
public final class SendAsyncAdvice {

  private SendAsyncAdvice() {}

  @Advice.OnMethodEnter(inline = false, suppress = Throwable.class)
  @Advice.AssignReturned.ToArguments(@Advice.AssignReturned.ToArguments.ToArgument(1))
  @Advice.AssignReturned.AsScalar
  public static HttpResponse.BodyHandler<?> onEnter(@Advice.Argument(0) HttpRequest request, @Advice.Argument(1) HttpResponse.BodyHandler<?> handler) {
    return JavaHttpClientHelper.meteredHandler(request, handler);
  }

  @Advice.OnMethodExit(inline = false, onThrowable = Throwable.class, suppress = Throwable.class)
  public static void onExit(
      @Advice.Argument(1) HttpResponse.BodyHandler<?> handler, @Advice.Return CompletableFuture<?> future, @Advice.Thrown Throwable error) {
    JavaHttpClientHelper.sent(handler, future, error);
  }
}
