package dev.earshot.sample.openai;

import dev.earshot.sample.http.ClientAddressResolver;
import dev.earshot.sample.http.RouteGroup;
import dev.earshot.sample.ratelimit.ClientRateLimiter;
import dev.earshot.sample.session.CreateSessionRequestParser;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.Header;

/**
 * {@code POST /rt-token} (optional body {@code {"voice":"alloy"}}): mints an ephemeral OpenAI
 * Realtime client secret through the SDK, for a browser to open a realtime voice session with,
 * and answers {@code 200 {"value":"ek_...","expiresAt":<unix seconds>}} with {@code
 * Cache-Control: no-store}.
 *
 * <p>Rate-limited per client like session creation (429 with {@code Retry-After} beyond the
 * limit), since each call costs an OpenAI request. OpenAI failures are answered 429/502/504 (see
 * {@link LlmUnavailableException}).
 */
public final class RealtimeTokenRoutes implements RouteGroup {

  public static final String PATH = "/rt-token";

  /** Wire form of the answer. */
  public record RealtimeTokenJson(String value, long expiresAt) {}

  private final AssistantLlm llm;
  private final ClientRateLimiter limiter;
  private final ClientAddressResolver clientAddresses;
  private final CreateSessionRequestParser requestParser;

  public RealtimeTokenRoutes(
      AssistantLlm llm,
      ClientRateLimiter limiter,
      ClientAddressResolver clientAddresses,
      CreateSessionRequestParser requestParser) {
    this.llm = llm;
    this.limiter = limiter;
    this.clientAddresses = clientAddresses;
    this.requestParser = requestParser;
  }

  @Override
  public void register(RoutesConfig routes) {
    routes.post(PATH, this::create);
  }

  private void create(Context ctx) {
    // Limit before parsing or calling OpenAI: a rejected request must cost nothing upstream.
    limiter.acquire(clientAddresses.clientAddress(ctx));
    String voice = requestParser.parse(ctx.body()).voice();
    AssistantLlm.RealtimeClientSecret secret = llm.createRealtimeClientSecret(voice);
    ctx.header(Header.CACHE_CONTROL, "no-store")
        .json(new RealtimeTokenJson(secret.value(), secret.expiresAt()));
  }
}
