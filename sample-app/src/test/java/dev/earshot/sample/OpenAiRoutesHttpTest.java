package dev.earshot.sample;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.earshot.sample.openai.OpenAiSettings;
import dev.earshot.sample.openai.simulator.OpenAiSimulator;
import dev.earshot.sample.openai.simulator.SimulatorConfig;
import dev.earshot.sample.openai.simulator.SimulatorOptions;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The assistant's LLM routes end to end: real server, real SDK, the in-process OpenAI simulator
 * (started by the app because no API key is configured), and failures injected into it.
 */
@Timeout(30)
class OpenAiRoutesHttpTest {

  private static final int TOKENS = 6;
  private static final String CHAT_BODY = "{\"message\":\"What is the weather like?\"}";

  private static SampleAssistantServer server;
  private static OpenAiSimulator simulator;
  private static TestHttp http;

  @BeforeAll
  static void startServer() {
    SimulatorConfig fast = SimulatorConfig.defaults(5).withTiming(0, 0, TOKENS).with("retryAfterMs", "10", "test");
    server =
        SampleAssistantServer.start(
            SampleAssistantConfig.defaults()
                .withHost("127.0.0.1")
                .withPort(0)
                .withOpenAi(
                    OpenAiSettings.defaults()
                        .withSimulator(fast)
                        .withRetries(0, Duration.ofSeconds(1))
                        .withRealtimeTokenRateLimit(1_000, Duration.ofSeconds(60))));
    simulator = server.llm().simulator().orElseThrow();
    http = TestHttp.forLocalPort(server.port());
  }

  @AfterAll
  static void stopServer() {
    server.stop();
  }

  @AfterEach
  void resetSimulator() {
    awaitIdleSimulator();
    simulator.reset();
  }

  /** One server-sent event. */
  record Event(String name, String data) {}

  static List<Event> events(String body) {
    List<Event> events = new ArrayList<>();
    for (String block : body.split("\n\n")) {
      if (block.isBlank()) {
        continue;
      }
      String name = "message";
      StringBuilder data = new StringBuilder();
      for (String line : block.split("\n")) {
        if (line.startsWith("event: ")) {
          name = line.substring(7);
        } else if (line.startsWith("data: ")) {
          data.append(line.substring(6));
        }
      }
      events.add(new Event(name, data.toString()));
    }
    return events;
  }

  @Test
  void theAppUsesTheInProcessSimulatorWithoutAKey() {
    assertThat(simulator.baseUrl()).startsWith("http://127.0.0.1:");
    assertThat(server.llm().client()).isNotNull();
    assertThat(OpenAiSettings.defaults().usesSimulator()).isTrue();
  }

  @Test
  void rtTokenMintsARealtimeClientSecret() {
    HttpResponse<String> response = http.post("/rt-token", "{\"voice\":\"verse\"}");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("Cache-Control")).hasValue("no-store");
    JsonNode secret = TestHttp.json(response);
    assertThat(secret.size()).isEqualTo(2);
    assertThat(secret.get("value").asText()).matches("ek_[0-9a-f]{32}");
    assertThat(secret.get("expiresAt").asLong()).isBetween(
        Instant.now().getEpochSecond() + 595, Instant.now().getEpochSecond() + 605);
    assertThat(simulator.stats().get("byEndpoint").toString()).contains("POST /v1/realtime/client_secrets=1");

    assertThat(http.post("/rt-token", null).statusCode()).as("the body is optional").isEqualTo(200);
    assertThat(http.post("/rt-token", "{\"voice\":\"no spaces please\"}").statusCode()).isEqualTo(400);
  }

  @Test
  void rtTokenIsRateLimitedPerClient() {
    try (SampleAssistantServer limited =
        SampleAssistantServer.start(
            SampleAssistantConfig.defaults()
                .withHost("127.0.0.1")
                .withPort(0)
                .withOpenAi(
                    OpenAiSettings.defaults()
                        .withSimulator(SimulatorConfig.defaults().withTiming(0, 0, 4))
                        .withRealtimeTokenRateLimit(2, Duration.ofSeconds(60))))) {
      TestHttp client = TestHttp.forLocalPort(limited.port());

      assertThat(client.post("/rt-token", null).statusCode()).isEqualTo(200);
      assertThat(client.post("/rt-token", null).statusCode()).isEqualTo(200);
      HttpResponse<String> refused = client.post("/rt-token", null);

      assertThat(refused.statusCode()).isEqualTo(429);
      assertThat(refused.headers().firstValue("Retry-After"))
          .hasValueSatisfying(value -> assertThat(Long.parseLong(value)).isBetween(1L, 30L));
      assertThat(TestHttp.json(refused).get("error").asText()).isEqualTo("Too Many Requests");
      assertThat(limited.llm().simulator().orElseThrow().stats().get("requests"))
          .as("a refused request never reaches OpenAI").isEqualTo(2L);
      // Session creation has its own allowance.
      assertThat(client.post("/api/sessions", null).statusCode()).isEqualTo(201);
    }
  }

  @Test
  void rtTokenUpstreamFailureIsABadGateway() {
    simulator.failNext(1, 500);

    HttpResponse<String> response = http.post("/rt-token", null);

    assertThat(response.statusCode()).isEqualTo(502);
    assertThat(TestHttp.json(response).get("message").asText())
        .isEqualTo("The language model answered with an error (HTTP 500)");
  }

  @Test
  void chatStreamsTheAnswerAsServerSentEvents() {
    HttpResponse<String> response = http.post("/api/chat", CHAT_BODY);

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
        type -> assertThat(type).startsWith("text/event-stream"));
    List<Event> events = events(response.body());
    assertThat(events).hasSize(TOKENS + 1);
    StringBuilder answer = new StringBuilder();
    for (Event event : events.subList(0, TOKENS)) {
      assertThat(event.name()).isEqualTo("message");
      JsonNode data = json(event.data());
      assertThat(data.size()).isEqualTo(1);
      answer.append(data.get("delta").asText());
    }
    assertThat(answer.toString().split(" ")).hasSize(TOKENS);
    Event done = events.get(TOKENS);
    assertThat(done.name()).isEqualTo("done");
    JsonNode summary = json(done.data());
    assertThat(summary.get("finishReason").asText()).isEqualTo("stop");
    assertThat(summary.get("model").asText()).isEqualTo("gpt-4o-mini-2024-07-18");
    assertThat(summary.get("usage").get("completionTokens").asLong()).isEqualTo(TOKENS);
    assertThat(summary.get("usage").get("totalTokens").asLong())
        .isEqualTo(summary.get("usage").get("promptTokens").asLong() + TOKENS);
    assertThat(simulator.stats().get("byStatus").toString()).isEqualTo("{200=1}");
  }

  @Test
  void chatRejectsBadRequestsWithoutCallingOpenAi() {
    for (String body : new String[] {null, "", "{}", "{\"message\":\"  \"}", "{\"message\":3}", "[]", "{",
        "{\"message\":\"" + "x".repeat(4_001) + "\"}"}) {
      HttpResponse<String> response = http.post("/api/chat", body);
      assertThat(response.statusCode()).as("body %s", body).isEqualTo(400);
      assertThat(TestHttp.json(response).get("status").asInt()).isEqualTo(400);
    }
    assertThat(simulator.stats().get("requests")).isEqualTo(0L);
  }

  @Test
  void upstreamRateLimitIsPassedOnWithRetryAfter() {
    simulator.failNext(1, 429);

    HttpResponse<String> response = http.post("/api/chat", CHAT_BODY);

    assertThat(response.statusCode()).isEqualTo(429);
    assertThat(response.headers().firstValue("Retry-After")).hasValue("1");
    JsonNode error = TestHttp.json(response);
    assertThat(error.get("status").asInt()).isEqualTo(429);
    assertThat(error.get("message").asText()).isEqualTo("The language model is rate limited; try again later");
  }

  @Test
  void upstreamServerErrorIsABadGateway() {
    simulator.failNext(1, 500);

    HttpResponse<String> response = http.post("/api/chat", CHAT_BODY);

    assertThat(response.statusCode()).isEqualTo(502);
    assertThat(TestHttp.json(response).get("error").asText()).isEqualTo("Bad Gateway");
  }

  @Test
  void upstreamTimeoutIsAGatewayTimeout() {
    simulator.setConfig(simulator.config().with("extraLatencyMs", "2000", "test"));

    long start = System.nanoTime();
    HttpResponse<String> response = http.post("/api/chat", CHAT_BODY);

    assertThat(response.statusCode()).isEqualTo(504);
    assertThat(TestHttp.json(response).get("message").asText()).isEqualTo("The language model did not answer in time");
    assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isBetween(900L, 1_900L);
    awaitIdleSimulator(); // the abandoned request is still sleeping in the simulator
  }

  private static void awaitIdleSimulator() {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while (simulator.inFlight() > 0 && System.nanoTime() < deadline) {
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
    assertThat(simulator.inFlight()).isZero();
  }

  @Test
  void aStreamCutMidwayEndsTheEventsWithAnError() {
    simulator.cutNext(1, 3);

    HttpResponse<String> response = http.post("/api/chat", CHAT_BODY);

    assertThat(response.statusCode()).isEqualTo(200);
    List<Event> events = events(response.body());
    assertThat(events).hasSize(2 + 1); // role chunk (no text), two tokens, then the error
    assertThat(events.get(2).name()).isEqualTo("error");
    JsonNode error = json(events.get(2).data());
    assertThat(error.get("status").asInt()).isEqualTo(502);
    assertThat(error.get("message").asText()).isEqualTo("The language model could not be reached");
  }

  @Test
  void aCallerHangingUpClosesTheUpstreamStream() throws Exception {
    simulator.setConfig(simulator.config().withTiming(0, 25, 400)); // a 10-second answer

    try (Socket socket = new Socket("127.0.0.1", server.port())) {
      socket.setSoTimeout(5_000);
      byte[] body = CHAT_BODY.getBytes(StandardCharsets.UTF_8);
      OutputStream out = socket.getOutputStream();
      out.write(("POST /api/chat HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
          + "Content-Length: " + body.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
      out.write(body);
      out.flush();
      BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
      int deltas = 0;
      for (String line; deltas < 3 && (line = in.readLine()) != null; ) {
        if (line.startsWith("data: {\"delta\"")) {
          deltas++;
        }
      }
      assertThat(deltas).isEqualTo(3);
    } // hang up

    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while (simulator.clientDisconnects() == 0 && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    assertThat(simulator.clientDisconnects()).as("the app abandoned the OpenAI stream").isEqualTo(1);
  }

  @Test
  void withAnApiKeyTheAppUsesTheConfiguredBaseUrlAndNeverLeaksTheKey() {
    String key = "sk-proj-secret-test-key-1234567890";
    try (OpenAiSimulator external =
            OpenAiSimulator.start(SimulatorOptions.loopback(SimulatorConfig.defaults().withTiming(0, 0, 3)));
        SampleAssistantServer withKey =
            SampleAssistant.start(
                new String[] {"--host", "127.0.0.1", "--port", "0", "--openai-max-retries", "0"},
                java.util.Map.of("OPENAI_API_KEY", key, "OPENAI_BASE_URL", external.baseUrl()),
                new java.io.PrintStream(OutputStream.nullOutputStream()))) {
      assertThat(withKey.llm().simulator()).isEmpty();
      assertThat(withKey.config().toString()).doesNotContain(key);
      TestHttp client = TestHttp.forLocalPort(withKey.port());

      HttpResponse<String> answered = client.post("/api/chat", CHAT_BODY);
      assertThat(answered.statusCode()).isEqualTo(200);
      assertThat(events(answered.body())).hasSize(3 + 1);
      assertThat(external.stats().get("byEndpoint").toString()).contains("POST /v1/chat/completions=1");

      external.failNext(1, 401);
      HttpResponse<String> rejected = client.post("/api/chat", CHAT_BODY);
      assertThat(rejected.statusCode()).isEqualTo(502);
      assertThat(rejected.body()).doesNotContain(key).doesNotContain("sk-").doesNotContain("API key");
    }
  }

  private static JsonNode json(String text) {
    try {
      return new com.fasterxml.jackson.databind.ObjectMapper().readTree(text);
    } catch (java.io.IOException e) {
      throw new AssertionError("not JSON: " + text, e);
    }
  }
}
