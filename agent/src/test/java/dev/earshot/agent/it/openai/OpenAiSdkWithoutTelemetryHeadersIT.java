package dev.earshot.agent.it.openai;

import static dev.earshot.agent.it.openai.OpenAiMetrics.AGENT_ERRORS;
import static dev.earshot.agent.it.openai.OpenAiMetrics.DURATION_COUNT;
import static org.assertj.core.api.Assertions.assertThat;

import dev.earshot.agent.it.support.AgentProcess;
import dev.earshot.agent.it.support.PrometheusText;
import org.junit.jupiter.api.Test;

/**
 * With the SDK's telemetry headers switched off ({@code -Dopenai.disableTelemetry=true}) its
 * requests carry no {@code X-Stainless-*} header, and the host is an OpenAI host for the OkHttp
 * instrumentation too: blocking, streamed and asynchronous SDK calls must still be counted once.
 */
class OpenAiSdkWithoutTelemetryHeadersIT {

  @Test
  void sdkCallsAreCountedOnceWithoutTheSdksHeaders() {
    try (Simulator simulator = Simulator.start("OpenAiSdkWithoutTelemetryHeadersIT-simulator", "--ttft-ms", "20",
            "--token-delay-ms", "2", "--tokens", "4");
        OpenAiApp app = new OpenAiApp(AgentProcess.builder("dev.earshot.testapps.openai.OpenAiSdkApp")
            .name("OpenAiSdkWithoutTelemetryHeadersIT")
            .jvm("-Dopenai.disableTelemetry=true", "-Dearshot.openai.hosts=" + simulator.hostAndPort())
            .args(simulator.baseUrl()).start()).awaitAgent()) {
      app.run("chat-sync"); // 5 calls
      app.run("chat-stream"); // 1
      app.run("chat-async"); // 2: one plain, one streamed
      PrometheusText metrics = app.scrapeUntil(m -> m.sum(DURATION_COUNT) >= 8);

      assertThat((long) metrics.sum(DURATION_COUNT)).isEqualTo(8);
      assertThat(metrics.value(DURATION_COUNT, "gen_ai_request_model", "gpt-4o-mini")).isEqualTo(3);
      assertThat(metrics.value(DURATION_COUNT, "gen_ai_request_model", "gpt-4.1-nano")).isEqualTo(1);
      assertThat(metrics.sum(AGENT_ERRORS)).isZero();
    }
  }
}
