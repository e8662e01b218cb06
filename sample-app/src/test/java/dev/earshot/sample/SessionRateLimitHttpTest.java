package dev.earshot.sample;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Per-client rate limiting of session creation, over real HTTP. The window is a minute so no
 * token can refill during a test run, which keeps the outcomes deterministic.
 */
@Timeout(15)
class SessionRateLimitHttpTest {

  private static final Duration WINDOW = Duration.ofSeconds(60);

  private static SampleAssistantServer start(int limit, boolean trustForwarded) {
    return SampleAssistantServer.start(
        SampleAssistantConfig.defaults()
            .withHost("127.0.0.1")
            .withPort(0)
            .withSessionRateLimit(limit, WINDOW)
            .withTrustForwardedFor(trustForwarded));
  }

  @Test
  void fourthCreationWithinTheWindowIsTooManyRequests() {
    try (SampleAssistantServer server = start(3, false)) {
      TestHttp http = TestHttp.forLocalPort(server.port());

      for (int i = 1; i <= 3; i++) {
        assertThat(http.post("/api/sessions", null).statusCode()).as("creation %d", i).isEqualTo(201);
      }
      HttpResponse<String> limited = http.post("/api/sessions", null);

      assertThat(limited.statusCode()).isEqualTo(429);
      // 3 tokens per 60 s refill one token every 20 s.
      assertThat(limited.headers().firstValue("Retry-After"))
          .hasValueSatisfying(value -> assertThat(Long.parseLong(value)).isBetween(1L, 20L));
      JsonNode error = TestHttp.json(limited);
      assertThat(error.get("status").asInt()).isEqualTo(429);
      assertThat(error.get("error").asText()).isEqualTo("Too Many Requests");

      // Only creation is limited: reads and health checks still work.
      assertThat(http.get("/health").statusCode()).isEqualTo(200);
      assertThat(http.get("/api/sessions/00000000-0000-0000-0000-000000000000").statusCode())
          .isEqualTo(404);
    }
  }

  @Test
  void forwardedForIsIgnoredByDefault() {
    try (SampleAssistantServer server = start(1, false)) {
      TestHttp http = TestHttp.forLocalPort(server.port());

      assertThat(http.post("/api/sessions", null, "X-Forwarded-For", "10.0.0.1").statusCode())
          .isEqualTo(201);
      // A different claimed address must not buy a fresh bucket.
      assertThat(http.post("/api/sessions", null, "X-Forwarded-For", "10.0.0.2").statusCode())
          .isEqualTo(429);
    }
  }

  @Test
  void forwardedForIdentifiesClientsWhenTrusted() {
    try (SampleAssistantServer server = start(1, true)) {
      TestHttp http = TestHttp.forLocalPort(server.port());

      assertThat(http.post("/api/sessions", null, "X-Forwarded-For", "10.0.0.1").statusCode())
          .isEqualTo(201);
      assertThat(http.post("/api/sessions", null, "X-Forwarded-For", "10.0.0.1").statusCode())
          .isEqualTo(429);
      // The right-most hop (added by the trusted proxy) is the client.
      assertThat(
              http.post("/api/sessions", null, "X-Forwarded-For", "10.0.0.1, 10.0.0.2").statusCode())
          .isEqualTo(201);
      // Without the header the peer address is used, which has its own bucket.
      assertThat(http.post("/api/sessions", null).statusCode()).isEqualTo(201);
    }
  }
}
