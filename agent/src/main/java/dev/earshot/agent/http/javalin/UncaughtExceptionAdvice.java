package dev.earshot.agent.http.javalin;

import io.javalin.http.Context;
import net.bytebuddy.asm.Advice;

/** Thin advice: everything is in {@link JavalinHelper}. */
public final class UncaughtExceptionAdvice {

  private UncaughtExceptionAdvice() {}

  @Advice.OnMethodEnter(inline = false, suppress = Throwable.class)
  public static void onEnter(@Advice.Argument(0) Context context, @Advice.Argument(1) Exception exception) {
    JavalinHelper.onUncaughtException(context, exception);
  }
}
