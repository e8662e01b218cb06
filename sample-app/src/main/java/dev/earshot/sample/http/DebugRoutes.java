package dev.earshot.sample.http;

import io.javalin.config.RoutesConfig;

/**
 * Demo routes that misbehave on purpose so the agent's error metrics have something to count.
 *
 * <p>{@code GET /api/debug/fail} throws an {@link IllegalStateException} that no exception handler
 * catches: it escapes the route handler, Javalin logs it and answers 500, and the client gets only
 * the generic error body (see {@link ApiErrorHandlers}). Do not "fix" this route; it exists to
 * fail.
 */
public final class DebugRoutes implements RouteGroup {

  public static final String FAIL_PATH = "/api/debug/fail";

  /** Only ever appears in the server log, never in a response. */
  static final String FAILURE_MESSAGE = "Deliberate failure from " + FAIL_PATH + " (error-metrics demo)";

  @Override
  public void register(RoutesConfig routes) {
    routes.get(
        FAIL_PATH,
        ctx -> {
          throw new IllegalStateException(FAILURE_MESSAGE);
        });
  }
}
