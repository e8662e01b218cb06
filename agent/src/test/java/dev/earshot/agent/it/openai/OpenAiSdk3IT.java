package dev.earshot.agent.it.openai;

import static dev.earshot.agent.it.openai.OpenAiMetrics.AGENT_ERRORS;
import static dev.earshot.agent.it.openai.OpenAiMetrics.CHUNK_GAP_COUNT;
import static dev.earshot.agent.it.openai.OpenAiMetrics.DURATION_COUNT;
import static dev.earshot.agent.it.openai.OpenAiMetrics.RATE_LIMIT_EXCEEDED;
import static dev.earshot.agent.it.openai.OpenAiMetrics.RETRIES;
import static dev.earshot.agent.it.openai.OpenAiMetrics.TTFT_COUNT;
import static dev.earshot.agent.it.openai.OpenAiMetrics.callLabels;
import static dev.earshot.agent.it.openai.OpenAiMetrics.operationsByModel;
import static dev.earshot.agent.it.openai.OpenAiMetrics.tokenSum;
import static org.assertj.core.api.Assertions.assertThat;

import dev.earshot.agent.it.openai.OpenAiApp.Result;
import dev.earshot.agent.it.support.AgentProcess;
import dev.earshot.agent.it.support.PrometheusText;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The SDK test application on openai-java 3.7.1 (the newest 3.x this build can download) instead
 * of 4.x: its class path has the 3.7.1 core and OkHttp client jars in place of the 4.x ones.
 * Synchronous and streamed chat, embeddings and a retried 429 are measured as with 4.x.
 */
class OpenAiSdk3IT {

  /** The default application class path with the openai-java 4.x jars replaced by the 3.7.1 ones. */
  static String sdk3ClassPath() {
    String libs = System.getProperty("earshot.it.openai.sdk3.libs");
    if (libs == null) {
      throw new IllegalStateException("system property earshot.it.openai.sdk3.libs is not set (run through mvn verify)");
    }
    List<String> entries = new ArrayList<>();
    int replaced = 0;
    for (String entry : AgentProcess.defaultClassPath().split(File.pathSeparator)) {
      String name = Paths.get(entry).getFileName().toString();
      if (name.startsWith("openai-java-core-") || name.startsWith("openai-java-client-okhttp-")) {
        replaced++;
      } else {
        entries.add(entry);
      }
    }
    assertThat(replaced).as("openai-java 4.x jars on the application class path").isEqualTo(2);
    try (Stream<Path> jars = Files.list(Paths.get(libs))) {
      List<String> sdk3 = jars.map(Path::toString).filter(p -> p.endsWith(".jar")).sorted().toList();
      assertThat(sdk3).anySatisfy(p -> assertThat(p).endsWith("openai-java-core-3.7.1.jar"))
          .anySatisfy(p -> assertThat(p).endsWith("openai-java-client-okhttp-3.7.1.jar"));
      entries.addAll(0, sdk3);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return String.join(File.pathSeparator, entries);
  }

  @Test
  void sdk3ChatStreamEmbeddingsAndRetryAreMeasured() {
    try (Simulator simulator = Simulator.start("OpenAiSdk3IT-simulator", "--ttft-ms", "40", "--token-delay-ms", "5",
            "--tokens", "8", "--retry-after-ms", "20");
        OpenAiApp app = new OpenAiApp(AgentProcess.builder("dev.earshot.testapps.openai.OpenAiSdkApp").name("OpenAiSdk3IT")
            .classPath(sdk3ClassPath()).jvm("-Dearshot.openai.hosts=" + simulator.hostAndPort())
            .args(simulator.baseUrl()).start()).awaitAgent()) {
      List<Result> chat = app.run("chat-sync");
      Result stream = app.run("chat-stream").get(0);
      Result embeddings = app.run("embeddings").get(0);
      simulator.failNext(1, 429);
      Result retry = app.run("retry").get(0);
      PrometheusText metrics = app.scrapeUntil(m -> m.sum(DURATION_COUNT) >= 8);

      assertThat(operationsByModel(metrics)).isEqualTo(Map.of(
          "gpt-4o-mini", 3L, "gpt-4o", 2L, "gpt-4.1", 1L, "text-embedding-3-small", 1L, "o4-mini", 1L));
      int port = simulator.port();
      assertThat(metrics.value(DURATION_COUNT, callLabels("chat", "gpt-4o-mini", "gpt-4o-mini-2024-07-18", port))).isEqualTo(3);
      assertThat(metrics.value(DURATION_COUNT, callLabels("chat", "gpt-4o", "gpt-4o-2024-08-06", port))).isEqualTo(2);
      long miniInput = chat.stream().filter(r -> r.get("model").equals("gpt-4o-mini")).mapToLong(r -> r.number("input")).sum();
      assertThat(tokenSum(metrics, "input", "gpt-4o-mini")).isEqualTo(miniInput);
      assertThat(tokenSum(metrics, "output", "gpt-4o-mini")).isEqualTo(3 * 8);

      String[] streamed = callLabels("chat", "gpt-4.1", "gpt-4.1-2025-04-14", port);
      assertThat(stream.number("chunks")).isEqualTo(11);
      assertThat(metrics.value(DURATION_COUNT, streamed)).isEqualTo(1);
      assertThat(metrics.value(TTFT_COUNT, streamed)).isEqualTo(1);
      assertThat(metrics.value(CHUNK_GAP_COUNT, streamed)).isEqualTo(stream.number("chunks") - 1);
      assertThat(tokenSum(metrics, "input", "gpt-4.1")).isEqualTo(stream.number("input"));
      assertThat(tokenSum(metrics, "output", "gpt-4.1")).isEqualTo(stream.number("output"));

      assertThat(metrics.value(DURATION_COUNT,
          callLabels("embeddings", "text-embedding-3-small", "text-embedding-3-small", port))).isEqualTo(1);
      assertThat(tokenSum(metrics, "input", "text-embedding-3-small")).isEqualTo(embeddings.number("input"));

      assertThat(retry.get("responseModel")).isEqualTo("o4-mini-2025-04-16");
      assertThat(metrics.value(DURATION_COUNT, callLabels("chat", "o4-mini", "o4-mini-2025-04-16", port))).isEqualTo(1);
      assertThat(metrics.value(RETRIES, "gen_ai_request_model", "o4-mini")).isEqualTo(1);
      assertThat(metrics.value(RATE_LIMIT_EXCEEDED, "gen_ai_request_model", "o4-mini")).isEqualTo(1);
      assertThat(metrics.series(DURATION_COUNT)).allSatisfy(s -> assertThat(s.label("error_type")).isNull());
      assertThat(metrics.sum(AGENT_ERRORS)).isZero();
      assertThat(app.process().output()).doesNotContain("NoSuchMethodError").doesNotContain("NoClassDefFoundError");
    }
  }
}
