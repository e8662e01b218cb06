package dev.earshot.agent.http.javalin;

import dev.earshot.agent.http.HttpServerMetrics;
import io.javalin.http.Context;
import io.javalin.http.servlet.JavalinServletContext;
import io.javalin.router.Endpoint;

/** Hands Javalin's route and uncaught exceptions to the servlet instrumentation through request attributes. */
public final class JavalinHelper {

  private JavalinHelper() {}

  public static void onEndpointMatched(JavalinServletContext context, Endpoint endpoint) {
    // Before/after filters are matched too ("/*"); only an HTTP-method endpoint names the route.
    if (endpoint.method.isHttpMethod()) {
      context.req().setAttribute(HttpServerMetrics.ROUTE_REQUEST_ATTRIBUTE, endpoint.path);
    }
  }

  public static void onUncaughtException(Context context, Exception exception) {
    context.req().setAttribute(HttpServerMetrics.ERROR_REQUEST_ATTRIBUTE, exception);
  }
}
