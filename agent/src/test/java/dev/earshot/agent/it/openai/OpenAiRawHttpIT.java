package dev.earshot.agent.it.openai;

import static dev.earshot.agent.it.openai.OpenAiMetrics.AGENT_ERRORS;
import static dev.earshot.agent.it.openai.OpenAiMetrics.CALL_METRICS;
import static dev.earshot.agent.it.openai.OpenAiMetrics.CHUNK_GAP_COUNT;
import static dev.earshot.agent.it.openai.OpenAiMetrics.DURATION_COUNT;
import static dev.earshot.agent.it.openai.OpenAiMetrics.RETRIES;
import static dev.earshot.agent.it.openai.OpenAiMetrics.TTFT_COUNT;
import static dev.earshot.agent.it.openai.OpenAiMetrics.callLabels;
import static dev.earshot.agent.it.openai.OpenAiMetrics.operationsByModel;
import static dev.earshot.agent.it.openai.OpenAiMetrics.seriesOfModel;
import static dev.earshot.agent.it.openai.OpenAiMetrics.tokenSum;
import static dev.earshot.agent.it.openai.OpenAiMetrics.tokensByModality;
import static org.assertj.core.api.Assertions.assertThat;

import dev.earshot.agent.it.openai.OpenAiApp.Result;
import dev.earshot.agent.it.support.AgentProcess;
import dev.earshot.agent.it.support.PrometheusText;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Raw HTTP calls to the OpenAI API without the SDK, under the agent: OkHttp 4 (execute, enqueue,
 * a streamed body read line by line) and {@code java.net.http} (send and sendAsync, plain and
 * streamed). Only the host configured in {@code earshot.openai.hosts} is measured: the same API
 * called as {@code localhost} is not.
 */
class OpenAiRawHttpIT {

  private static Simulator simulator;
  private static OpenAiApp app;
  private static Map<String, Result> results;

  @BeforeAll
  static void start() {
    simulator = Simulator.start("OpenAiRawHttpIT-simulator", "--ttft-ms", "40", "--token-delay-ms", "5", "--tokens", "8");
    app = new OpenAiApp(AgentProcess.builder("dev.earshot.testapps.openai.RawHttpOpenAiApp").name("OpenAiRawHttpIT")
        .jvm("-Dearshot.openai.hosts=" + simulator.hostAndPort())
        .args(simulator.baseUrl(), "http://localhost:" + simulator.port() + "/v1").start()).awaitAgent();
    results = app.run("raw").stream().collect(Collectors.toMap(Result::label, Function.identity()));
  }

  @AfterAll
  static void stop() {
    if (app != null) {
      app.close();
    }
    if (simulator != null) {
      simulator.close();
    }
  }

  private static PrometheusText metrics() {
    return app.scrapeUntil(m -> m.sum(DURATION_COUNT) >= 7);
  }

  @Test
  void everyCallToTheConfiguredHostIsOneOperation() {
    assertThat(results.values()).allSatisfy(r -> assertThat(r.get("status")).isEqualTo("200"));
    PrometheusText metrics = metrics();
    assertThat(operationsByModel(metrics)).isEqualTo(Map.of(
        "gpt-4o-mini", 1L, "gpt-4o", 1L, "gpt-4.1", 1L, // OkHttp execute, streamed, enqueue
        "gpt-4.1-mini", 1L, "gpt-4.1-nano", 1L, "gpt-5", 1L, "gpt-5-mini", 1L)); // java.net.http
    for (Result result : results.values()) {
      if (!result.label().endsWith("unlisted")) {
        assertThat(metrics.value(DURATION_COUNT, callLabels("chat", result.get("model"), result.get("responseModel"),
            simulator.port()))).as(result.toString()).isEqualTo(1);
      }
    }
    assertThat(metrics.series(DURATION_COUNT)).allSatisfy(s -> assertThat(s.label("error_type")).isNull());
    assertThat(metrics.sum(RETRIES)).isZero(); // retries are SDK attempts
  }

  @Test
  void usageOfPlainAndStreamedAnswersIsRecorded() {
    PrometheusText metrics = metrics();
    for (Result result : results.values()) {
      if (result.label().endsWith("unlisted")) {
        continue;
      }
      String model = result.get("model");
      assertThat(result.number("output")).as(result.toString()).isEqualTo(8);
      assertThat(tokenSum(metrics, "input", model)).as(result.toString()).isEqualTo(result.number("input"));
      assertThat(tokenSum(metrics, "output", model)).as(result.toString()).isEqualTo(result.number("output"));
      assertThat(tokensByModality(metrics, "text", model)).as(result.toString())
          .isEqualTo(result.number("input") + result.number("output"));
    }
  }

  @Test
  void streamsHaveFirstChunkAndChunkGaps() {
    PrometheusText metrics = metrics();
    for (String label : List.of("okhttp-stream", "jdk-stream", "jdk-async-stream")) {
      Result result = results.get(label);
      assertThat(result.number("chunks")).as(label).isEqualTo(11);
      String model = result.get("model");
      assertThat(metrics.value(TTFT_COUNT, "gen_ai_request_model", model)).as(label).isEqualTo(1);
      assertThat(metrics.value(CHUNK_GAP_COUNT, "gen_ai_request_model", model)).as(label).isEqualTo(result.number("chunks") - 1);
    }
    for (String label : List.of("okhttp-plain", "okhttp-async", "jdk-sync", "jdk-async")) {
      assertThat(metrics.series(TTFT_COUNT, "gen_ai_request_model", results.get(label).get("model"))).as(label).isEmpty();
    }
  }

  @Test
  void callsToAHostThatIsNotConfiguredAreNotMeasured() {
    assertThat(results.get("okhttp-unlisted").get("status")).isEqualTo("200");
    assertThat(results.get("jdk-unlisted").get("status")).isEqualTo("200");
    PrometheusText metrics = metrics();
    assertThat(seriesOfModel(metrics, "gpt-5-nano")).isEmpty();
    for (String name : CALL_METRICS) {
      assertThat(metrics.series(name, "server_address", "localhost")).as(name).isEmpty();
    }
    assertThat((long) metrics.sum(DURATION_COUNT)).isEqualTo(7);
    assertThat(metrics.sum(AGENT_ERRORS)).isZero();
  }
}
