package dev.earshot.agent.it.genai;

import static org.assertj.core.api.Assertions.assertThat;

import dev.earshot.agent.it.support.AgentProcess;
import dev.earshot.agent.it.support.Http;
import dev.earshot.agent.it.support.PrometheusText;
import dev.earshot.testapps.genai.MisbehavingOpenAiApp;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * An OpenAI-compatible API that misbehaves must look exactly the same to the application with the
 * agent as without it (the same statuses, bytes, chunks and exception classes, for the SDK, OkHttp
 * and {@code java.net.http}), and cost the agent nothing but the values it could not read: no
 * self-error, every call still counted once, no absurd label value.
 */
class OpenAiRobustnessIT {

  private static final String DURATION_COUNT = "gen_ai_client_operation_duration_seconds_count";
  private static final int CLIENTS = 4;

  @Test
  void misbehavingApisLookTheSameToTheApplicationAndCostOnlyMetrics() {
    List<String> withoutAgent;
    try (AgentProcess app = start(false)) {
      withoutAgent = runCalls(app, false);
    }
    try (AgentProcess app = start(true)) {
      List<String> withAgent = runCalls(app, true);
      assertThat(withAgent).containsExactlyElementsOf(withoutAgent);
      assertThat(withAgent).hasSize(6 * CLIENTS);

      int calls = 6 * CLIENTS;
      PrometheusText metrics = app.scrapeUntil(m -> m.sum(DURATION_COUNT) >= calls, Duration.ofSeconds(15));
      assertThat(metrics.sum(DURATION_COUNT)).isEqualTo(calls);
      assertThat(metrics.sum("earshot_agent_errors_total")).as("self-errors").isZero();
      // Only the stream cut mid-way is a failed call, for each of the four clients.
      double failed = metrics.series(DURATION_COUNT).stream()
          .filter(s -> s.labels().containsKey("error_type")).mapToDouble(PrometheusText.Sample::value).sum();
      assertThat(failed).isEqualTo(CLIENTS);
      assertThat(metrics.labelValues(DURATION_COUNT, "gen_ai_operation_name")).containsExactly("chat");
      assertThat(metrics.labelValues(DURATION_COUNT, "gen_ai_request_model")).containsExactly("gpt-4o-mini");
      // A model name of 18,000 characters with quotes and NULs is no label value.
      assertThat(metrics.labelValues(DURATION_COUNT, "gen_ai_response_model")).allSatisfy(model -> assertThat(model).hasSizeLessThanOrEqualTo(64));
      assertThat(metrics.raw()).doesNotContain("nnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnn");
      // Nonsense token counts (negative, fractional, beyond a long) are not recorded as usage.
      assertThat(metrics.sum("gen_ai_client_token_usage_sum")).isLessThan(1000);
      assertThat(app.output()).doesNotContain("[earshot] WARN").doesNotContain("[earshot] ERROR");
    }
  }

  private static AgentProcess start(boolean withAgent) {
    AgentProcess.Builder builder = AgentProcess.builder(MisbehavingOpenAiApp.class.getName())
        .name("OpenAiRobustnessIT-" + (withAgent ? "agent" : "plain"))
        .jvm("-Dearshot.openai.hosts=127.0.0.1");
    if (!withAgent) {
      builder.withoutAgent();
    }
    return builder.start();
  }

  private static List<String> runCalls(AgentProcess app, boolean withAgent) {
    String port = app.awaitOutput("READY port=(\\d+)", Duration.ofSeconds(60)).group(1);
    if (withAgent) {
      app.scrape();
    }
    assertThat(Http.get("http://127.0.0.1:" + port + "/go").statusCode()).isEqualTo(200);
    app.awaitOutput("CALLS DONE", Duration.ofSeconds(60));
    return Arrays.stream(app.output().split("\n")).filter(line -> line.startsWith("CALL ")).toList();
  }
}
