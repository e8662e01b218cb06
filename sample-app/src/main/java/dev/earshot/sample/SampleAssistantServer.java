package dev.earshot.sample;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.earshot.sample.http.ApiErrorHandlers;
import dev.earshot.sample.http.ClientAddressResolver;
import dev.earshot.sample.http.DebugRoutes;
import dev.earshot.sample.http.HealthRoutes;
import dev.earshot.sample.http.JsonSupport;
import dev.earshot.sample.http.RouteGroup;
import dev.earshot.sample.ratelimit.ClientRateLimiter;
import dev.earshot.sample.session.CreateSessionRequestParser;
import dev.earshot.sample.session.SessionRoutes;
import dev.earshot.sample.session.SessionStore;
import io.javalin.Javalin;
import io.javalin.json.JavalinJackson;
import java.time.Clock;
import java.util.List;

/**
 * Wires the HTTP server: one Javalin 7 (Jetty 12) instance with the health, session and debug
 * routes plus the error mapping.
 *
 * <p>Each feature lives in its own {@link RouteGroup}; adding a feature (OpenAI calls, a realtime
 * WebSocket, ...) means writing a new group and adding it to {@link #routeGroups}. The memory
 * bounds below exist because this app is the target of load tests: a flood of requests must
 * not be able to exhaust the heap and skew the metrics the agent reports.
 */
public final class SampleAssistantServer implements AutoCloseable {

  /** At most this many sessions are kept; the oldest is evicted first. */
  public static final int MAX_SESSIONS = 10_000;

  /** At most this many clients have a rate-limit bucket; the least recently seen is evicted. */
  public static final int MAX_RATE_LIMITED_CLIENTS = 10_000;

  private final Javalin app;
  private final SampleAssistantConfig config;

  private SampleAssistantServer(Javalin app, SampleAssistantConfig config) {
    this.app = app;
    this.config = config;
  }

  /** Builds the server and starts it; returns once it accepts connections. */
  public static SampleAssistantServer start(SampleAssistantConfig config) {
    ObjectMapper objectMapper = JsonSupport.newObjectMapper();
    List<RouteGroup> routeGroups = routeGroups(config, objectMapper);

    Javalin app =
        Javalin.create(
            javalin -> {
              // The startup line printed by SampleAssistant replaces Javalin's banner.
              javalin.startup.showJavalinBanner = false;
              javalin.startup.showOldJavalinVersionWarning = false;
              // Answer 405 (not 404) when the path exists but the method does not.
              javalin.http.prefer405over404 = true;
              javalin.jsonMapper(new JavalinJackson(objectMapper, false));
              ApiErrorHandlers.register(javalin.routes);
              routeGroups.forEach(group -> group.register(javalin.routes));
            });
    app.start(config.host(), config.port());
    return new SampleAssistantServer(app, config);
  }

  private static List<RouteGroup> routeGroups(SampleAssistantConfig config, ObjectMapper objectMapper) {
    ClientRateLimiter sessionCreationLimiter =
        new ClientRateLimiter(
            config.sessionRateLimit(), config.sessionRateWindow(), MAX_RATE_LIMITED_CLIENTS);
    return List.of(
        new HealthRoutes(),
        new SessionRoutes(
            new SessionStore(MAX_SESSIONS),
            new CreateSessionRequestParser(objectMapper),
            sessionCreationLimiter,
            new ClientAddressResolver(config.trustForwardedFor()),
            Clock.systemUTC()),
        new DebugRoutes());
  }

  /** The port actually bound, which differs from the configured one when that was 0. */
  public int port() {
    return app.port();
  }

  public SampleAssistantConfig config() {
    return config;
  }

  /** Base URL clients should use, e.g. {@code http://0.0.0.0:8080}; IPv6 hosts are bracketed. */
  public String baseUrl() {
    String host = config.host();
    if (host.contains(":") && !host.startsWith("[")) {
      host = "[" + host + "]";
    }
    return "http://" + host + ":" + port();
  }

  /** The single line announced on stdout once the server is up; test harnesses wait for it. */
  public String startupLine() {
    return "Earshot sample assistant listening on " + baseUrl();
  }

  /** Stops Jetty gracefully. Safe to call more than once. */
  public void stop() {
    app.stop();
  }

  @Override
  public void close() {
    stop();
  }
}
