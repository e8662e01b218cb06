package dev.earshot.agent.it.openai;

import static dev.earshot.agent.it.openai.OpenAiMetrics.DURATION_COUNT;
import static org.assertj.core.api.Assertions.assertThat;

import dev.earshot.agent.it.support.AgentProcess;
import dev.earshot.agent.it.support.PrometheusText;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Secrets and user content never leave the application through the agent: with an API key and a
 * prompt that are unique to this run, and the agent logging at debug level, neither string appears
 * in the metrics nor anywhere in the application's output (the agent's log included).
 */
class OpenAiCanaryIT {

  @Test
  void apiKeyAndPromptAppearNeitherInMetricsNorInTheLog() {
    String key = "sk-canary-" + UUID.randomUUID().toString().replace("-", "");
    String prompt = "CANARY-PROMPT-" + UUID.randomUUID().toString().replace("-", "");
    try (Simulator simulator = Simulator.start("OpenAiCanaryIT-simulator", "--ttft-ms", "20", "--token-delay-ms", "2",
            "--tokens", "4", "--retry-after-ms", "20");
        OpenAiApp app = new OpenAiApp(AgentProcess.builder("dev.earshot.testapps.openai.OpenAiSdkApp").name("OpenAiCanaryIT")
            .jvm("-Dearshot.log.level=debug", "-Dearshot.openai.hosts=" + simulator.hostAndPort())
            .env("TEST_OPENAI_API_KEY", key).env("TEST_PROMPT_SUFFIX", prompt)
            .args(simulator.baseUrl()).start()).awaitAgent()) {
      app.run("chat-sync");
      app.run("chat-stream");
      app.run("responses");
      app.run("embeddings");
      simulator.failNext(1, 429);
      app.run("retry");
      simulator.failNext(1, 500);
      app.run("error500");
      PrometheusText metrics = app.scrapeUntil(m -> m.sum(DURATION_COUNT) >= 11);

      assertThat((long) metrics.sum(DURATION_COUNT)).as("the calls were measured").isEqualTo(11);
      assertThat(app.process().output()).as("the agent logs at debug level").contains("[earshot] DEBUG");
      assertThat(metrics.raw()).doesNotContain(key).doesNotContain(prompt).doesNotContain("CANARY");
      assertThat(app.process().output()).doesNotContain(key).doesNotContain(prompt).doesNotContain("CANARY");
    }
  }
}
