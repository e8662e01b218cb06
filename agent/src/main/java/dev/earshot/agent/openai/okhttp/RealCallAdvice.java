package dev.earshot.agent.openai.okhttp;

import net.bytebuddy.asm.Advice;
import okhttp3.Call;
import okhttp3.Response;

/** Thin advice: everything is in {@link OkHttpHelper}. */
public final class RealCallAdvice {

  private RealCallAdvice() {}

  @Advice.OnMethodEnter(inline = false, suppress = Throwable.class)
  public static Object onEnter(@Advice.This Call call) {
    return OkHttpHelper.callStarted(call);
  }

  @Advice.OnMethodExit(inline = false, onThrowable = Throwable.class, suppress = Throwable.class)
  @Advice.AssignReturned.ToReturned
  @Advice.AssignReturned.AsScalar
  public static Response onExit(@Advice.Enter Object openAiCall, @Advice.Return Response response, @Advice.Thrown Throwable error) {
    return OkHttpHelper.callReturned(openAiCall, response, error);
  }
}
