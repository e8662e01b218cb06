package dev.earshot.agent.http.servlet;

import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import net.bytebuddy.asm.Advice;

/** Thin advice: everything is in {@link JakartaServletHelper}. */
public final class ServletEntryAdvice {

  private ServletEntryAdvice() {}

  @Advice.OnMethodEnter(inline = false, suppress = Throwable.class)
  public static long onEnter(@Advice.Argument(0) ServletRequest request) {
    return JakartaServletHelper.onEnter(request);
  }

  @Advice.OnMethodExit(inline = false, onThrowable = Throwable.class, suppress = Throwable.class)
  public static void onExit(
      @Advice.Argument(0) ServletRequest request,
      @Advice.Argument(1) ServletResponse response,
      @Advice.Enter long startNanos,
      @Advice.Thrown Throwable error) {
    JakartaServletHelper.onExit(request, response, startNanos, error);
  }
}
