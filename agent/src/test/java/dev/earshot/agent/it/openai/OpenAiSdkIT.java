package dev.earshot.agent.it.openai;

import static dev.earshot.agent.it.openai.OpenAiMetrics.AGENT_ERRORS;
import static dev.earshot.agent.it.openai.OpenAiMetrics.CHUNK_GAP_COUNT;
import static dev.earshot.agent.it.openai.OpenAiMetrics.DURATION_COUNT;
import static dev.earshot.agent.it.openai.OpenAiMetrics.RATE_LIMIT_EXCEEDED;
import static dev.earshot.agent.it.openai.OpenAiMetrics.REMAINING_REQUESTS;
import static dev.earshot.agent.it.openai.OpenAiMetrics.REMAINING_TOKENS;
import static dev.earshot.agent.it.openai.OpenAiMetrics.RETRIES;
import static dev.earshot.agent.it.openai.OpenAiMetrics.TOKEN_USAGE_COUNT;
import static dev.earshot.agent.it.openai.OpenAiMetrics.TTFT_COUNT;
import static dev.earshot.agent.it.openai.OpenAiMetrics.TTFT_SUM;
import static dev.earshot.agent.it.openai.OpenAiMetrics.callLabels;
import static dev.earshot.agent.it.openai.OpenAiMetrics.operations;
import static dev.earshot.agent.it.openai.OpenAiMetrics.operationsByModel;
import static dev.earshot.agent.it.openai.OpenAiMetrics.tokenCount;
import static dev.earshot.agent.it.openai.OpenAiMetrics.tokenSum;
import static dev.earshot.agent.it.openai.OpenAiMetrics.tokensByModality;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.earshot.agent.it.openai.OpenAiApp.Result;
import dev.earshot.agent.it.support.AgentProcess;
import dev.earshot.agent.it.support.PrometheusText;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The official OpenAI Java SDK (4.x, OkHttp client) under the agent, calling the OpenAI simulator:
 * one application JVM for the class, one scenario per test, each with its own models so that every
 * count is exact. The simulator's host is also configured as a raw OpenAI host, so the OkHttp
 * instrumentation sees every SDK request too: each SDK call must still be counted exactly once.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class OpenAiSdkIT {

  /** Simulator timing: fast by default; the TTFT test sets 400 ms for its calls. */
  private static final int TTFT_MS = 40;
  private static final int TTFT_MEASURED_MS = 400;

  private Simulator simulator;
  private OpenAiApp app;
  private int port;
  /** SDK calls made by the tests so far. */
  private long calls;

  @BeforeAll
  void start() {
    simulator = Simulator.start("OpenAiSdkIT-simulator", "--ttft-ms", Integer.toString(TTFT_MS), "--token-delay-ms", "5",
        "--tokens", "8", "--retry-after-ms", "20");
    port = simulator.port();
    app = new OpenAiApp(AgentProcess.builder("dev.earshot.testapps.openai.OpenAiSdkApp").name("OpenAiSdkIT")
        .jvm("-Dearshot.openai.hosts=" + simulator.hostAndPort())
        .args(simulator.baseUrl()).start()).awaitAgent();
  }

  @AfterAll
  void stop() {
    if (app != null) {
      app.close();
    }
    if (simulator != null) {
      simulator.close();
    }
  }

  private List<Result> run(String scenario, int sdkCalls) {
    calls += sdkCalls; // before the checks: a failure must not shift the totals of later tests
    return app.run(scenario);
  }

  private PrometheusText awaitOperations(String model, long expected) {
    PrometheusText metrics = app.scrapeUntil(m -> operations(m, "gen_ai_request_model", model) >= expected);
    assertThat(operations(metrics, "gen_ai_request_model", model)).as("operations of " + model).isEqualTo(expected);
    return metrics;
  }

  @Test
  @Order(1)
  void syncChatCompletionsAreCountedPerModelWithUsage() {
    List<Result> results = run("chat-sync", 5);
    assertThat(results).hasSize(5);
    PrometheusText metrics = app.scrapeUntil(m -> operations(m, "gen_ai_operation_name", "chat") >= 5);

    assertThat(metrics.value(DURATION_COUNT, callLabels("chat", "gpt-4o-mini", "gpt-4o-mini-2024-07-18", port))).isEqualTo(3);
    assertThat(metrics.value(DURATION_COUNT, callLabels("chat", "gpt-4o", "gpt-4o-2024-08-06", port))).isEqualTo(2);
    assertThat(results).allSatisfy(r -> assertThat(r.get("responseModel")).isIn("gpt-4o-mini-2024-07-18", "gpt-4o-2024-08-06"));
    assertThat(operationsByModel(metrics)).containsExactlyInAnyOrderEntriesOf(java.util.Map.of("gpt-4o-mini", 3L, "gpt-4o", 2L));
    assertThat(metrics.series(DURATION_COUNT)).allSatisfy(s -> assertThat(s.label("error_type")).isNull());

    for (String model : List.of("gpt-4o-mini", "gpt-4o")) {
      List<Result> ofModel = results.stream().filter(r -> r.get("model").equals(model)).toList();
      long input = ofModel.stream().mapToLong(r -> r.number("input")).sum();
      long output = ofModel.stream().mapToLong(r -> r.number("output")).sum();
      assertThat(input).isPositive();
      assertThat(output).isEqualTo(8L * ofModel.size()); // --tokens 8
      assertThat(tokenSum(metrics, "input", model)).as("input tokens of " + model).isEqualTo(input);
      assertThat(tokenSum(metrics, "output", model)).as("output tokens of " + model).isEqualTo(output);
      assertThat(tokenCount(metrics, "input", model)).isEqualTo(ofModel.size());
      assertThat(tokenCount(metrics, "output", model)).isEqualTo(ofModel.size());
      assertThat(tokensByModality(metrics, "text", model)).isEqualTo(input + output);
      assertThat(tokensByModality(metrics, "audio", model)).isZero();
      // Not streamed: no chunk timings.
      assertThat(metrics.series(TTFT_COUNT, "gen_ai_request_model", model)).isEmpty();
      assertThat(metrics.series(CHUNK_GAP_COUNT, "gen_ai_request_model", model)).isEmpty();
    }
    assertThat(metrics.series(TOKEN_USAGE_COUNT, "gen_ai_request_model", "gpt-4o-mini")).allSatisfy(s -> {
      assertThat(s.label("gen_ai_response_model")).isEqualTo("gpt-4o-mini-2024-07-18");
      assertThat(s.label("gen_ai_operation_name")).isEqualTo("chat");
      assertThat(s.label("server_port")).isEqualTo(Integer.toString(port));
    });
  }

  @Test
  @Order(2)
  void streamedChatHasFirstChunkChunkGapsAndTheUsageChunk() {
    Result stream = run("chat-stream", 1).get(0);
    long chunks = stream.number("chunks");
    assertThat(chunks).isEqualTo(11); // role + 8 tokens + finish_reason + usage
    PrometheusText metrics = awaitOperations("gpt-4.1", 1);

    assertThat(metrics.value(DURATION_COUNT, callLabels("chat", "gpt-4.1", "gpt-4.1-2025-04-14", port))).isEqualTo(1);
    assertThat(metrics.value(TTFT_COUNT, callLabels("chat", "gpt-4.1", "gpt-4.1-2025-04-14", port))).isEqualTo(1);
    assertThat(metrics.value(CHUNK_GAP_COUNT, callLabels("chat", "gpt-4.1", "gpt-4.1-2025-04-14", port))).isEqualTo(chunks - 1);
    assertThat(tokenSum(metrics, "input", "gpt-4.1")).isEqualTo(stream.number("input"));
    assertThat(tokenSum(metrics, "output", "gpt-4.1")).isEqualTo(stream.number("output")).isEqualTo(8);
    assertThat(tokenCount(metrics, "output", "gpt-4.1")).isEqualTo(1);
    assertThat(tokensByModality(metrics, "text", "gpt-4.1")).isEqualTo(stream.number("input") + stream.number("output"));
  }

  @Test
  @Order(3)
  void asyncCompletionAndAsyncStream() {
    List<Result> results = run("chat-async", 2);
    Result plain = results.get(0);
    Result stream = results.get(1);
    PrometheusText metrics = app.scrapeUntil(m -> operations(m, "gen_ai_request_model", "gpt-4.1-mini") >= 1
        && operations(m, "gen_ai_request_model", "gpt-4.1-nano") >= 1);

    assertThat(metrics.value(DURATION_COUNT, callLabels("chat", "gpt-4.1-mini", "gpt-4.1-mini-2025-04-14", port))).isEqualTo(1);
    assertThat(operations(metrics, "gen_ai_request_model", "gpt-4.1-mini")).isEqualTo(1);
    assertThat(tokenSum(metrics, "input", "gpt-4.1-mini")).isEqualTo(plain.number("input"));
    assertThat(tokenSum(metrics, "output", "gpt-4.1-mini")).isEqualTo(plain.number("output"));
    assertThat(metrics.series(TTFT_COUNT, "gen_ai_request_model", "gpt-4.1-mini")).isEmpty();

    String[] nano = callLabels("chat", "gpt-4.1-nano", "gpt-4.1-nano-2025-04-14", port);
    assertThat(stream.number("chunks")).isEqualTo(11);
    assertThat(metrics.value(DURATION_COUNT, nano)).isEqualTo(1);
    assertThat(operations(metrics, "gen_ai_request_model", "gpt-4.1-nano")).isEqualTo(1);
    assertThat(metrics.value(TTFT_COUNT, nano)).isEqualTo(1);
    assertThat(metrics.value(CHUNK_GAP_COUNT, nano)).isEqualTo(stream.number("chunks") - 1);
    assertThat(tokenSum(metrics, "input", "gpt-4.1-nano")).isEqualTo(stream.number("input"));
    assertThat(tokenSum(metrics, "output", "gpt-4.1-nano")).isEqualTo(stream.number("output"));
  }

  @Test
  @Order(4)
  void responsesPlainAndStreamedAreGenerateContent() {
    List<Result> results = run("responses", 2);
    Result plain = results.get(0);
    Result stream = results.get(1);
    PrometheusText metrics = app.scrapeUntil(m -> operations(m, "gen_ai_operation_name", "generate_content") >= 2);

    assertThat(plain.get("responseModel")).isEqualTo("gpt-5-2025-08-07");
    assertThat(metrics.value(DURATION_COUNT, callLabels("generate_content", "gpt-5", "gpt-5-2025-08-07", port))).isEqualTo(1);
    assertThat(tokenSum(metrics, "input", "gpt-5")).isEqualTo(plain.number("input"));
    assertThat(tokenSum(metrics, "output", "gpt-5")).isEqualTo(plain.number("output")).isEqualTo(8);

    String[] mini = callLabels("generate_content", "gpt-5-mini", "gpt-5-mini-2025-08-07", port);
    // response.created, in_progress, output_item.added, content_part.added, 8 deltas, 4 closing events:
    // only the response.output_text.delta events are chunks.
    assertThat(stream.number("chunks")).isEqualTo(16);
    assertThat(stream.number("deltas")).isEqualTo(8);
    assertThat(metrics.value(DURATION_COUNT, mini)).isEqualTo(1);
    assertThat(metrics.value(TTFT_COUNT, mini)).isEqualTo(1);
    assertThat(metrics.value(CHUNK_GAP_COUNT, mini)).isEqualTo(stream.number("deltas") - 1);
    assertThat(tokenSum(metrics, "input", "gpt-5-mini")).isEqualTo(stream.number("input"));
    assertThat(tokenSum(metrics, "output", "gpt-5-mini")).isEqualTo(stream.number("output"));
    assertThat(operations(metrics, "gen_ai_operation_name", "generate_content")).isEqualTo(2);
  }

  @Test
  @Order(5)
  void embeddingsCountInputTokensOnly() {
    Result result = run("embeddings", 1).get(0);
    PrometheusText metrics = awaitOperations("text-embedding-3-small", 1);

    assertThat(metrics.value(DURATION_COUNT,
        callLabels("embeddings", "text-embedding-3-small", "text-embedding-3-small", port))).isEqualTo(1);
    assertThat(tokenSum(metrics, "input", "text-embedding-3-small")).isEqualTo(result.number("input")).isPositive();
    assertThat(tokenSum(metrics, "output", "text-embedding-3-small")).isZero();
    assertThat(tokensByModality(metrics, "text", "text-embedding-3-small")).isEqualTo(result.number("input"));
  }

  @Test
  @Order(6)
  void transcriptionSplitsAudioTokensAndSpeechIsCountedWhenItsBodyIsRead() {
    List<Result> results = run("audio", 2);
    Result transcription = results.get(0);
    Result speech = results.get(1);
    assertThat(speech.get("status")).isEqualTo("200");
    assertThat(speech.get("riff")).isEqualTo("RIFF");
    assertThat(speech.number("bytes")).isGreaterThan(44);
    PrometheusText metrics = app.scrapeUntil(m -> operations(m, "gen_ai_request_model", "gpt-4o-transcribe") >= 1
        && operations(m, "gen_ai_request_model", "tts-1") >= 1);

    assertThat(operations(metrics, "gen_ai_operation_name", "transcription", "gen_ai_request_model", "gpt-4o-transcribe",
        "server_address", "127.0.0.1", "server_port", Integer.toString(port))).isEqualTo(1);
    long input = transcription.number("input");
    long audio = transcription.number("inputAudio");
    long output = transcription.number("output");
    assertThat(audio).isEqualTo(10); // 1 s of audio, 10 tokens per second
    assertThat(tokenSum(metrics, "input", "gpt-4o-transcribe")).isEqualTo(input);
    assertThat(tokenSum(metrics, "output", "gpt-4o-transcribe")).isEqualTo(output);
    assertThat(tokensByModality(metrics, "audio", "gpt-4o-transcribe")).isEqualTo(audio);
    assertThat(tokensByModality(metrics, "text", "gpt-4o-transcribe")).isEqualTo(input - audio + output);

    assertThat(operations(metrics, "gen_ai_operation_name", "speech", "gen_ai_request_model", "tts-1",
        "server_address", "127.0.0.1", "server_port", Integer.toString(port))).isEqualTo(1);
    assertThat(metrics.series(TOKEN_USAGE_COUNT, "gen_ai_request_model", "tts-1")).isEmpty();
    assertThat(metrics.series(DURATION_COUNT, "gen_ai_request_model", "tts-1")).allSatisfy(s -> assertThat(s.label("error_type")).isNull());
  }

  @Test
  @Order(7)
  void spokenChatAnswerSplitsOutputTokensIntoTextAndAudio() {
    Result result = run("spoken-chat", 1).get(0);
    assertThat(result.get("audio")).isEqualTo("true");
    long outputAudio = result.number("outputAudio");
    assertThat(outputAudio).isPositive();
    PrometheusText metrics = awaitOperations("gpt-4o-audio-preview", 1);

    assertThat(metrics.value(DURATION_COUNT,
        callLabels("chat", "gpt-4o-audio-preview", "gpt-4o-audio-preview-2024-12-17", port))).isEqualTo(1);
    assertThat(tokenSum(metrics, "output", "gpt-4o-audio-preview")).isEqualTo(result.number("output"));
    assertThat(tokenSum(metrics, "input", "gpt-4o-audio-preview")).isEqualTo(result.number("input"));
    assertThat(tokensByModality(metrics, "audio", "gpt-4o-audio-preview")).isEqualTo(outputAudio + result.number("inputAudio"));
    assertThat(tokensByModality(metrics, "text", "gpt-4o-audio-preview"))
        .isEqualTo(result.number("input") - result.number("inputAudio") + result.number("output") - outputAudio);
    assertThat((long) metrics.sum(OpenAiMetrics.TOKENS, "gen_ai_request_model", "gpt-4o-audio-preview", "gen_ai_token_type", "output",
        "earshot_openai_token_modality", "audio")).isEqualTo(outputAudio);
  }

  @Test
  @Order(8)
  void realtimeClientSecretAndOtherEndpoints() {
    assertThat(run("realtime", 1).get(0).get("secret")).isEqualTo("ek");
    assertThat(run("models", 1).get(0).number("listed")).isPositive();
    PrometheusText metrics = app.scrapeUntil(m -> operations(m, "gen_ai_operation_name", "client_secret") >= 1
        && operations(m, "gen_ai_operation_name", "/models") >= 1);

    assertThat(operations(metrics, "gen_ai_operation_name", "client_secret", "gen_ai_provider_name", "openai",
        "server_address", "127.0.0.1", "server_port", Integer.toString(port))).isEqualTo(1);
    // Any other endpoint: the path after the API version (GET /v1/models).
    assertThat(metrics.series(DURATION_COUNT, "gen_ai_operation_name", "/models")).singleElement().satisfies(s -> {
      assertThat(s.value()).isEqualTo(1);
      assertThat(s.label("gen_ai_request_model")).isNull(); // a GET has no body
      assertThat(s.label("error_type")).isNull();
    });
  }

  @Test
  @Order(9)
  void abandonedStreamIsOneOperationWithoutUsageAndTheApplicationSeesTheSameChunks() {
    List<Result> results = run("abandoned", 1);
    assertThat(results.get(results.size() - 1).fields()).containsEntry("chunks", "2").containsEntry("closed", "ok");
    List<String> withAgent = app.lines("abandoned");
    assertThat(withAgent).hasSize(3); // chunk0, chunk1, chunks=2 closed=ok
    assertThat(withAgent.get(0)).startsWith("abandoned chunk0 ").contains("role=assistant");
    assertThat(withAgent.get(1)).startsWith("abandoned chunk1 ").doesNotContain("content=[]");
    PrometheusText metrics = awaitOperations("o3-mini", 1);

    assertThat(operations(metrics, "gen_ai_operation_name", "chat", "gen_ai_request_model", "o3-mini",
        "server_address", "127.0.0.1")).isEqualTo(1);
    assertThat(metrics.series(TOKEN_USAGE_COUNT, "gen_ai_request_model", "o3-mini")).isEmpty();
    assertThat(metrics.series(OpenAiMetrics.TOKENS, "gen_ai_request_model", "o3-mini")).isEmpty();
    assertThat(metrics.sum(TTFT_COUNT, "gen_ai_request_model", "o3-mini")).isEqualTo(1);

    // The same scenario without the agent: the application sees exactly the same chunks.
    try (OpenAiApp plain = new OpenAiApp(AgentProcess.builder("dev.earshot.testapps.openai.OpenAiSdkApp")
        .name("OpenAiSdkIT-noagent").withoutAgent().args(simulator.baseUrl(), "abandoned").start())) {
      plain.awaitScenario("abandoned", 0);
      assertThat(plain.lines("abandoned")).isEqualTo(withAgent);
    }
  }

  @Test
  @Order(10)
  void rateLimitedThenRetriedIsOneOperationWithOneRetry() {
    simulator.failNext(1, 429);
    Result result = run("retry", 1).get(0);
    assertThat(result.get("responseModel")).isEqualTo("o4-mini-2025-04-16");
    JsonNode stats = simulator.stats();
    assertThat(stats.path("lastRetryCount").asLong()).as("the SDK's retry count of its second attempt").isEqualTo(1);
    PrometheusText metrics = awaitOperations("o4-mini", 1);

    assertThat(metrics.series(DURATION_COUNT, "gen_ai_request_model", "o4-mini")).singleElement().satisfies(s -> {
      assertThat(s.has(callLabels("chat", "o4-mini", "o4-mini-2025-04-16", port))).as(s.toString()).isTrue();
      assertThat(s.label("error_type")).isNull();
      assertThat(s.value()).isEqualTo(1);
    });
    assertThat(metrics.value(RETRIES, "gen_ai_operation_name", "chat", "gen_ai_request_model", "o4-mini",
        "server_address", "127.0.0.1")).isEqualTo(1);
    assertThat(metrics.value(RATE_LIMIT_EXCEEDED, "gen_ai_operation_name", "chat", "gen_ai_request_model", "o4-mini",
        "server_address", "127.0.0.1")).isEqualTo(1);
    assertThat(tokenCount(metrics, "input", "o4-mini")).isEqualTo(1);
    assertThat(tokenSum(metrics, "input", "o4-mini")).isEqualTo(result.number("input"));
  }

  @Test
  @Order(11)
  void serverErrorWithoutRetriesIsTypedByItsStatus() {
    simulator.failNext(1, 500);
    Result result = run("error500", 1).get(0);
    assertThat(result.get("status")).isEqualTo("500");
    PrometheusText metrics = awaitOperations("o3", 1);

    assertThat(metrics.series(DURATION_COUNT, "gen_ai_request_model", "o3")).singleElement().satisfies(s -> {
      assertThat(s.has("gen_ai_operation_name", "chat", "error_type", "500", "server_address", "127.0.0.1",
          "server_port", Integer.toString(port))).as(s.toString()).isTrue();
      assertThat(s.value()).isEqualTo(1);
    });
    assertThat(metrics.series(RETRIES, "gen_ai_request_model", "o3")).isEmpty();
    assertThat(metrics.series(RATE_LIMIT_EXCEEDED, "gen_ai_request_model", "o3")).isEmpty();
    assertThat(metrics.series(TOKEN_USAGE_COUNT, "gen_ai_request_model", "o3")).isEmpty();
  }

  @Test
  @Order(12)
  void rateLimitWithoutRetriesIsA429Error() {
    simulator.failNext(1, 429);
    Result result = run("error429", 1).get(0);
    assertThat(result.get("status")).isEqualTo("429");
    PrometheusText metrics = awaitOperations("o1", 1);

    assertThat(metrics.series(DURATION_COUNT, "gen_ai_request_model", "o1")).singleElement().satisfies(s -> {
      assertThat(s.has("gen_ai_operation_name", "chat", "error_type", "429")).as(s.toString()).isTrue();
      assertThat(s.value()).isEqualTo(1);
    });
    assertThat(metrics.value(RATE_LIMIT_EXCEEDED, "gen_ai_operation_name", "chat", "gen_ai_request_model", "o1",
        "server_address", "127.0.0.1")).isEqualTo(1);
    assertThat(metrics.series(RETRIES, "gen_ai_request_model", "o1")).isEmpty();
  }

  @Test
  @Order(13)
  void timeToFirstChunkMatchesTheSimulatorsDelay() {
    simulator.config("{\"ttftMs\":" + TTFT_MEASURED_MS + "}");
    List<Result> results;
    try {
      results = run("ttft", 2);
    } finally {
      simulator.config("{\"ttftMs\":" + TTFT_MS + "}");
    }
    Result chat = results.get(0);
    Result responses = results.get(1);
    PrometheusText metrics = app.scrapeUntil(m -> operations(m, "gen_ai_request_model", "gpt-5-nano") >= 1
        && operations(m, "gen_ai_request_model", "gpt-4-turbo") >= 1);

    // Chat: the first event (role and first token) is written ttft after the request arrived.
    double tolerance = TTFT_MEASURED_MS * 0.10 + 50;
    assertThat(metrics.value(TTFT_COUNT, "gen_ai_request_model", "gpt-5-nano")).isEqualTo(1);
    assertThat(metrics.value(TTFT_SUM, "gen_ai_request_model", "gpt-5-nano") * 1000)
        .isBetween(TTFT_MEASURED_MS - tolerance, TTFT_MEASURED_MS + tolerance);
    assertThat(metrics.value(CHUNK_GAP_COUNT, "gen_ai_request_model", "gpt-5-nano")).isEqualTo(chat.number("chunks") - 1);

    // Responses: response.created & co. arrive at once; the first chunk is the first text delta, at ttft.
    assertThat(metrics.value(TTFT_COUNT, "gen_ai_request_model", "gpt-4-turbo")).isEqualTo(1);
    assertThat(metrics.value(TTFT_SUM, "gen_ai_request_model", "gpt-4-turbo") * 1000)
        .isBetween(TTFT_MEASURED_MS - tolerance, TTFT_MEASURED_MS + tolerance);
    assertThat(metrics.value(CHUNK_GAP_COUNT, "gen_ai_request_model", "gpt-4-turbo")).isEqualTo(responses.number("deltas") - 1);
  }

  @Test
  @Order(14)
  void rateLimitGaugesShowTheLastResponsesHeaders() {
    Result result = run("ratelimit", 2).get(0);
    PrometheusText metrics = awaitOperations("gpt-3.5-turbo", 2);

    assertThat((long) metrics.value(REMAINING_REQUESTS, "gen_ai_request_model", "gpt-3.5-turbo", "server_address", "127.0.0.1"))
        .isEqualTo(result.number("remainingRequests"));
    assertThat((long) metrics.value(REMAINING_TOKENS, "gen_ai_request_model", "gpt-3.5-turbo", "server_address", "127.0.0.1"))
        .isEqualTo(result.number("remainingTokens"));
  }

  @Test
  @Order(100)
  void everySdkCallIsCountedExactlyOnce() {
    PrometheusText metrics = app.scrapeUntil(m -> m.sum(DURATION_COUNT) >= calls);
    // With the OkHttp instrumentation on and the simulator configured as an OpenAI host, the SDK's
    // own OkHttp requests (retries included) are not counted a second time.
    assertThat((long) metrics.sum(DURATION_COUNT)).isEqualTo(calls);
    assertThat(metrics.series(DURATION_COUNT)).allSatisfy(s -> {
      assertThat(s.label("gen_ai_provider_name")).isEqualTo("openai");
      assertThat(s.label("server_address")).isEqualTo("127.0.0.1");
      assertThat(s.label("server_port")).isEqualTo(Integer.toString(port));
    });
    assertThat(metrics.sum(RETRIES)).isEqualTo(1);
    assertThat(metrics.sum(RATE_LIMIT_EXCEEDED)).isEqualTo(2);
    assertThat(app.process().output()).as("the OkHttp instrumentation is on").containsPattern("measuring .*\\bokhttp\\b");
    assertThat(metrics.sum(AGENT_ERRORS)).isZero();
  }
}
