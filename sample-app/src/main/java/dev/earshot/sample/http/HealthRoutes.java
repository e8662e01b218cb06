package dev.earshot.sample.http;

import io.javalin.config.RoutesConfig;
import java.util.Map;

/**
 * {@code GET /health}: liveness probe answering {@code 200 {"status":"ok"}}. Used by test harnesses
 * and load generators to know the app is up before they start measuring.
 */
public final class HealthRoutes implements RouteGroup {

  public static final String PATH = "/health";

  private static final Map<String, String> OK = Map.of("status", "ok");

  @Override
  public void register(RoutesConfig routes) {
    routes.get(PATH, ctx -> ctx.json(OK));
  }
}
