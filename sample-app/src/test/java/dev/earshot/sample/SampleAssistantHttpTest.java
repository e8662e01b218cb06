package dev.earshot.sample;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Exercises the real server over HTTP. The rate limit is set far above what these tests use so
 * that they cannot interfere with each other; rate limiting has its own test class.
 */
@Timeout(10)
class SampleAssistantHttpTest {

  private static SampleAssistantServer server;
  private static TestHttp http;

  @BeforeAll
  static void startServer() {
    server =
        SampleAssistantServer.start(
            SampleAssistantConfig.defaults()
                .withHost("127.0.0.1")
                .withPort(0)
                .withSessionRateLimit(10_000, Duration.ofSeconds(1)));
    http = TestHttp.forLocalPort(server.port());
  }

  @AfterAll
  static void stopServer() {
    server.stop();
  }

  @Test
  void healthIsOk() {
    HttpResponse<String> response = http.get("/health");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
        type -> assertThat(type).startsWith("application/json"));
    assertThat(response.body()).isEqualTo("{\"status\":\"ok\"}");
  }

  @Test
  void createdSessionCanBeFetched() {
    Instant before = Instant.now().minusSeconds(1);
    HttpResponse<String> created = http.post("/api/sessions", "{\"voice\":\"shimmer\"}");

    assertThat(created.statusCode()).isEqualTo(201);
    JsonNode session = TestHttp.json(created);
    String id = session.get("id").asText();
    assertThat(UUID.fromString(id).toString()).isEqualTo(id);
    assertThat(session.get("voice").asText()).isEqualTo("shimmer");
    assertThat(Instant.parse(session.get("createdAt").asText()))
        .isBetween(before, Instant.now().plusSeconds(1));
    assertThat(session.size()).isEqualTo(3);
    assertThat(created.headers().firstValue("Location")).hasValue("/api/sessions/" + id);

    HttpResponse<String> fetched = http.get("/api/sessions/" + id);

    assertThat(fetched.statusCode()).isEqualTo(200);
    assertThat(TestHttp.json(fetched)).isEqualTo(session);
  }

  @Test
  void bodyIsOptionalAndVoiceDefaultsToAlloy() {
    HttpResponse<String> noBody = http.post("/api/sessions", null);
    HttpResponse<String> emptyObject = http.post("/api/sessions", "{}");
    HttpResponse<String> unknownField = http.post("/api/sessions", "{\"language\":\"en\"}");

    for (HttpResponse<String> response : List.of(noBody, emptyObject, unknownField)) {
      assertThat(response.statusCode()).isEqualTo(201);
      assertThat(TestHttp.json(response).get("voice").asText()).isEqualTo("alloy");
    }
  }

  @Test
  void malformedJsonIsBadRequest() {
    HttpResponse<String> response = http.post("/api/sessions", "{\"voice\": ");

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(TestHttp.json(response).get("status").asInt()).isEqualTo(400);
    assertThat(TestHttp.json(response).get("message").asText()).isEqualTo("Request body is not valid JSON");
  }

  @Test
  void jsonThatIsNotASessionRequestIsBadRequest() {
    assertThat(http.post("/api/sessions", "[\"alloy\"]").statusCode()).isEqualTo(400);
    assertThat(http.post("/api/sessions", "{\"voice\":42}").statusCode()).isEqualTo(400);
    assertThat(http.post("/api/sessions", "{\"voice\":\"\"}").statusCode()).isEqualTo(400);
    assertThat(http.post("/api/sessions", "{} trailing").statusCode()).isEqualTo(400);
  }

  @Test
  void unknownSessionIsNotFound() {
    HttpResponse<String> response = http.get("/api/sessions/" + UUID.randomUUID());

    assertThat(response.statusCode()).isEqualTo(404);
    JsonNode error = TestHttp.json(response);
    assertThat(error.get("status").asInt()).isEqualTo(404);
    assertThat(error.get("error").asText()).isEqualTo("Not Found");
    assertThat(error.get("message").asText()).isEqualTo("Session not found");
  }

  @Test
  void malformedSessionIdIsNotFoundRatherThanAServerError() {
    for (String id : new String[] {"not-a-uuid", "1-2-3", "%20", "..%2F..", "0".repeat(200)}) {
      HttpResponse<String> response = http.get("/api/sessions/" + id);
      assertThat(response.statusCode()).as("GET id %s", id).isEqualTo(404);
      assertThat(TestHttp.json(response).get("status").asInt()).isEqualTo(404);
    }
  }

  @Test
  void deleteRemovesTheSession() {
    String id = TestHttp.json(http.post("/api/sessions", null)).get("id").asText();

    assertThat(http.delete("/api/sessions/" + id).statusCode()).isEqualTo(204);
    assertThat(http.get("/api/sessions/" + id).statusCode()).isEqualTo(404);
    assertThat(http.delete("/api/sessions/" + id).statusCode()).isEqualTo(404);
    assertThat(http.delete("/api/sessions/not-a-uuid").statusCode()).isEqualTo(404);
  }

  @Test
  void unknownPathIsJsonNotFound() {
    HttpResponse<String> response = http.get("/no/such/path");

    assertThat(response.statusCode()).isEqualTo(404);
    assertThat(TestHttp.json(response).get("status").asInt()).isEqualTo(404);
  }

  @Test
  void wrongMethodIsMethodNotAllowedWithAllowHeader() {
    HttpResponse<String> response = http.send("PUT", "/api/sessions", "{}");

    assertThat(response.statusCode()).isEqualTo(405);
    assertThat(response.headers().firstValue("Allow")).hasValue("POST");
    assertThat(TestHttp.json(response).get("status").asInt()).isEqualTo(405);
  }

  @Test
  void debugFailAnswersGeneric500WithoutLeakingTheException() {
    HttpResponse<String> response = http.get("/api/debug/fail");

    assertThat(response.statusCode()).isEqualTo(500);
    assertThat(response.body())
        .isEqualTo(
            "{\"status\":500,\"error\":\"Internal Server Error\","
                + "\"message\":\"An unexpected error occurred\"}")
        .doesNotContain("IllegalStateException")
        .doesNotContain("Deliberate");
  }
}
