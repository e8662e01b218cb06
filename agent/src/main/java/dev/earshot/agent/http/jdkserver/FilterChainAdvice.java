package dev.earshot.agent.http.jdkserver;

import com.sun.net.httpserver.HttpExchange;
import net.bytebuddy.asm.Advice;

/** Thin advice: everything is in {@link JdkHttpServerHelper}. */
public final class FilterChainAdvice {

  private FilterChainAdvice() {}

  @Advice.OnMethodEnter(inline = false, suppress = Throwable.class)
  public static long onEnter(@Advice.Argument(0) HttpExchange exchange) {
    return JdkHttpServerHelper.onEnter(exchange);
  }

  @Advice.OnMethodExit(inline = false, onThrowable = Throwable.class, suppress = Throwable.class)
  public static void onExit(@Advice.Argument(0) HttpExchange exchange, @Advice.Enter long startNanos, @Advice.Thrown Throwable error) {
    JdkHttpServerHelper.onExit(exchange, startNanos, error);
  }
}
