package dev.earshot.agent.openai.sdk;

import net.bytebuddy.asm.Advice;

/** Marks the OkHttp call the SDK's transport just built, for the OkHttp instrumentation to leave alone. */
public final class TransportCallAdvice {

  private TransportCallAdvice() {}

  @Advice.OnMethodExit(inline = false, suppress = Throwable.class)
  public static void onExit(@Advice.Return Object okHttpCall) {
    OpenAiSdkHelper.transportCallCreated(okHttpCall);
  }
}
