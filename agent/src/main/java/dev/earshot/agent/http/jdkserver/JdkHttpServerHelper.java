package dev.earshot.agent.http.jdkserver;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpsExchange;
import dev.earshot.agent.bootstrap.AgentClassLoader;
import dev.earshot.agent.core.OtherAgents;
import dev.earshot.agent.http.HttpServerMetrics;

/**
 * Adapts JDK server exchanges to {@link HttpServerMetrics}. Only the outermost chain call of a
 * thread is measured (filters wrap the handler's chain). The JDK server has no route templates
 * (contexts are prefixes), so the route is the normalised path. The agent's own Prometheus
 * endpoint runs on this server too and is not measured, nor are other agents' endpoints (the
 * OpenTelemetry agent's Prometheus exporter): their scrapes are not the application's requests.
 */
public final class JdkHttpServerHelper {

  private static final ThreadLocal<int[]> DEPTH = ThreadLocal.withInitial(() -> new int[1]);

  private JdkHttpServerHelper() {}

  public static long onEnter(HttpExchange exchange) {
    if (DEPTH.get()[0]++ > 0 || servedByAgent(exchange)) {
      return 0;
    }
    return HttpServerMetrics.requestStarted(exchange.getRequestMethod(), scheme(exchange));
  }

  public static void onExit(HttpExchange exchange, long startNanos, Throwable error) {
    DEPTH.get()[0]--;
    if (startNanos == 0) {
      return;
    }
    // -1 until headers are sent: a handler that failed before answering sent no status.
    int status = exchange.getResponseCode();
    HttpServerMetrics.requestFinished(
        startNanos, exchange.getRequestMethod(), scheme(exchange), status,
        HttpServerMetrics.routeFromPath(exchange.getRequestURI().getRawPath()), error);
  }

  private static String scheme(HttpExchange exchange) {
    return exchange instanceof HttpsExchange ? "https" : "http";
  }

  private static boolean servedByAgent(HttpExchange exchange) {
    ClassLoader handlerLoader = exchange.getHttpContext().getHandler().getClass().getClassLoader();
    return handlerLoader instanceof AgentClassLoader || OtherAgents.own(handlerLoader);
  }
}
