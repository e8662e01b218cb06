package dev.earshot.sample.http;

import dev.earshot.sample.openai.LlmUnavailableException;
import dev.earshot.sample.ratelimit.RateLimitExceededException;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Header;
import io.javalin.http.HttpResponseException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Maps failures to status codes and JSON {@link ApiError} bodies.
 *
 * <ul>
 *   <li>{@link HttpResponseException} (Javalin's {@code BadRequestResponse}, {@code
 *       NotFoundResponse}, {@code MethodNotAllowedResponse}, ..., including the ones Javalin itself
 *       throws for unknown paths and wrong methods) keeps its status: 400, 404, 405, ...
 *   <li>{@link RateLimitExceededException} becomes 429 with a {@code Retry-After} header.
 *   <li>{@link LlmUnavailableException} (an OpenAI call failed) keeps the status it chose: 429
 *       with {@code Retry-After}, 502 or 504, with its fixed message; the log gets one line naming
 *       the upstream failure (an HTTP status, "timeout"), never the SDK's message or the key.
 *   <li>Anything else is deliberately <em>not</em> given an exception handler: it escapes the
 *       route handler, Javalin logs it and answers 500, and the {@code error(500)} handler below
 *       replaces the body with a fixed, generic one. That keeps unexpected exceptions visible as
 *       real failures (which is what the agent's error metrics are meant to observe) while never
 *       leaking an exception message or stack trace to the client.
 * </ul>
 */
public final class ApiErrorHandlers {

  private static final Logger LOG = LoggerFactory.getLogger(ApiErrorHandlers.class);

  private ApiErrorHandlers() {}

  public static void register(RoutesConfig routes) {
    routes.exception(
        HttpResponseException.class,
        (e, ctx) -> {
          if (e.getStatus() == 405) {
            // RFC 9110 requires Allow on a 405; Javalin lists the methods in the details.
            String allowed = e.getDetails().get("availableMethods");
            if (allowed != null && !allowed.isBlank()) {
              ctx.header(Header.ALLOW, allowed);
            }
          }
          ctx.status(e.getStatus()).json(ApiError.of(e.getStatus(), e.getMessage()));
        });

    routes.exception(
        RateLimitExceededException.class,
        (e, ctx) ->
            ctx.status(429)
                .header(Header.RETRY_AFTER, Long.toString(e.retryAfterSeconds()))
                .json(ApiError.of(429, e.getMessage())));

    routes.exception(
        LlmUnavailableException.class,
        (e, ctx) -> {
          LOG.warn("OpenAI call for {} {} failed: {}", ctx.method(), ctx.path(), e.upstream());
          if (e.retryAfterSeconds() > 0) {
            ctx.header(Header.RETRY_AFTER, Long.toString(e.retryAfterSeconds()));
          }
          ctx.status(e.status()).json(ApiError.of(e.status(), e.getMessage()));
        });

    routes.error(500, ctx -> ctx.json(ApiError.internalServerError()));
  }
}
