package dev.earshot.agent.http.javalin;

import io.javalin.http.servlet.JavalinServletContext;
import io.javalin.router.Endpoint;
import net.bytebuddy.asm.Advice;

/** Thin advice: everything is in {@link JavalinHelper}. */
public final class EndpointMatchAdvice {

  private EndpointMatchAdvice() {}

  @Advice.OnMethodExit(inline = false, suppress = Throwable.class)
  public static void onExit(@Advice.This JavalinServletContext context, @Advice.Argument(0) Endpoint endpoint) {
    JavalinHelper.onEndpointMatched(context, endpoint);
  }
}
