package dev.earshot.agent.openai.sdk;

import com.openai.core.http.HttpRequest;
import com.openai.core.http.HttpResponse;
import net.bytebuddy.asm.Advice;

/** A blocking SDK call: measured from entry to the end of the response body it returns. */
public final class ExecuteAdvice {

  private ExecuteAdvice() {}

  @Advice.OnMethodEnter(inline = false, suppress = Throwable.class)
  public static Object onEnter(@Advice.Argument(0) HttpRequest request) {
    return OpenAiSdkHelper.callStarted(request);
  }

  @Advice.OnMethodExit(inline = false, onThrowable = Throwable.class, suppress = Throwable.class)
  @Advice.AssignReturned.ToReturned
  @Advice.AssignReturned.AsScalar
  public static HttpResponse onExit(@Advice.Enter Object call, @Advice.Return HttpResponse response, @Advice.Thrown Throwable error) {
    return OpenAiSdkHelper.callReturned(call, response, error);
  }
}
