package dev.earshot.sample;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.earshot.sample.http.ApiErrorHandlers;
import dev.earshot.sample.http.ClientAddressResolver;
import dev.earshot.sample.http.DebugRoutes;
import dev.earshot.sample.http.HealthRoutes;
import dev.earshot.sample.http.JsonSupport;
import dev.earshot.sample.http.RouteGroup;
import dev.earshot.sample.openai.AssistantLlm;
import dev.earshot.sample.openai.ChatRequestParser;
import dev.earshot.sample.openai.ChatRoutes;
import dev.earshot.sample.openai.RealtimeTokenRoutes;
import dev.earshot.sample.ratelimit.ClientRateLimiter;
import dev.earshot.sample.session.CreateSessionRequestParser;
import dev.earshot.sample.session.SessionRoutes;
import dev.earshot.sample.session.SessionStore;
import dev.earshot.sample.voice.RealtimeEndpoint;
import io.javalin.Javalin;
import io.javalin.json.JavalinJackson;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

/**
 * Wires the HTTP server: one Javalin 7 (Jetty 12) instance with the health, session, OpenAI
 * ({@code /rt-token}, {@code /api/chat}), realtime voice WebSocket ({@code /ws/realtime}) and debug
 * routes plus the error mapping, and the
 * assistant's {@link AssistantLlm} (the OpenAI SDK client, and the in-process OpenAI simulator
 * when there is no API key).
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

  /**
   * Largest WebSocket text frame accepted: an {@code input_audio_buffer.append} of about 8 s of
   * 24 kHz PCM16 as base64. Clients send 20-100 ms; anything larger is closed by Jetty (1009).
   */
  public static final int MAX_WEBSOCKET_TEXT_BYTES = 512 * 1024;

  /** A voice client streams audio continuously; a silent connection for this long is dead. */
  public static final Duration WEBSOCKET_IDLE_TIMEOUT = Duration.ofMinutes(2);

  private final Javalin app;
  private final SampleAssistantConfig config;
  private final AssistantLlm llm;
  private final RealtimeEndpoint realtime;

  private SampleAssistantServer(
      Javalin app, SampleAssistantConfig config, AssistantLlm llm, RealtimeEndpoint realtime) {
    this.app = app;
    this.config = config;
    this.llm = llm;
    this.realtime = realtime;
  }

  /** Builds the server and starts it; returns once it accepts connections. */
  public static SampleAssistantServer start(SampleAssistantConfig config) {
    ObjectMapper objectMapper = JsonSupport.newObjectMapper();
    AssistantLlm llm = AssistantLlm.create(config.openAi());
    RealtimeEndpoint realtime = null;
    try {
      realtime = new RealtimeEndpoint(config.realtime(), llm);
      List<RouteGroup> routeGroups = routeGroups(config, objectMapper, llm, realtime);
      Javalin app =
          Javalin.create(
              javalin -> {
                // The startup line printed by SampleAssistant replaces Javalin's banner.
                javalin.startup.showJavalinBanner = false;
                javalin.startup.showOldJavalinVersionWarning = false;
                // Answer 405 (not 404) when the path exists but the method does not.
                javalin.http.prefer405over404 = true;
                javalin.jsonMapper(new JavalinJackson(objectMapper, false));
                javalin.jetty.modifyWebSocketServletFactory(factory -> {
                  factory.setMaxTextMessageSize(MAX_WEBSOCKET_TEXT_BYTES);
                  factory.setIdleTimeout(WEBSOCKET_IDLE_TIMEOUT);
                });
                ApiErrorHandlers.register(javalin.routes);
                routeGroups.forEach(group -> group.register(javalin.routes));
              });
      app.start(config.host(), config.port());
      return new SampleAssistantServer(app, config, llm, realtime);
    } catch (RuntimeException e) {
      if (realtime != null) {
        realtime.close();
      }
      llm.close();
      throw e;
    }
  }

  private static List<RouteGroup> routeGroups(
      SampleAssistantConfig config, ObjectMapper objectMapper, AssistantLlm llm, RealtimeEndpoint realtime) {
    ClientRateLimiter sessionCreationLimiter =
        new ClientRateLimiter(
            config.sessionRateLimit(), config.sessionRateWindow(), MAX_RATE_LIMITED_CLIENTS);
    ClientRateLimiter realtimeTokenLimiter =
        new ClientRateLimiter(
            config.openAi().realtimeTokenRateLimit(),
            config.openAi().realtimeTokenRateWindow(),
            MAX_RATE_LIMITED_CLIENTS);
    ClientAddressResolver clientAddresses = new ClientAddressResolver(config.trustForwardedFor());
    CreateSessionRequestParser sessionRequestParser = new CreateSessionRequestParser(objectMapper);
    return List.of(
        new HealthRoutes(),
        new SessionRoutes(
            new SessionStore(MAX_SESSIONS),
            sessionRequestParser,
            sessionCreationLimiter,
            clientAddresses,
            Clock.systemUTC()),
        new RealtimeTokenRoutes(llm, realtimeTokenLimiter, clientAddresses, sessionRequestParser),
        new ChatRoutes(llm, new ChatRequestParser(objectMapper), objectMapper),
        realtime,
        new DebugRoutes());
  }

  /** The assistant's OpenAI client (and in-process simulator, if any). */
  public AssistantLlm llm() {
    return llm;
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

  /** The realtime voice WebSocket endpoint. */
  public RealtimeEndpoint realtime() {
    return realtime;
  }

  /**
   * Closes the realtime sessions (1001 going-away), stops Jetty gracefully, then the OpenAI client
   * and simulator. Safe to call more than once.
   */
  public void stop() {
    try {
      realtime.close();
      app.stop();
    } finally {
      llm.close();
    }
  }

  @Override
  public void close() {
    stop();
  }
}
