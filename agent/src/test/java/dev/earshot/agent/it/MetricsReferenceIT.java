package dev.earshot.agent.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.earshot.agent.it.export.OtlpHttpReceiver;
import dev.earshot.agent.it.support.AgentProcess;
import dev.earshot.agent.it.support.Http;
import dev.earshot.agent.it.support.PrometheusText;
import dev.earshot.agent.it.voice.RealtimeCaller;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * docs/metrics.md is the single reference of every metric the agent emits: this test runs the
 * sample assistant under the built agent, makes every documented metric appear, and compares the
 * exported metric families and their label keys with the document's tables. The agent exports to
 * Prometheus and, every second, over OTLP to an in-test receiver, so that each exporter's own
 * health metrics are there too.
 */
class MetricsReferenceIT {

  private static final Path DOCUMENT = Paths.get("..", "docs", "metrics.md");
  private static final Path SAMPLE_APP = Paths.get("..", "sample-app", "target", "earshot-sample-app.jar");
  private static final Set<String> SCOPE_LABELS = Set.of("otel_scope_name", "otel_scope_version", "le");
  private static final Pattern CODE = Pattern.compile("`([^`]+)`");

  @Test
  void documentAndExportedMetricsAgree() throws Exception {
    Map<String, Set<String>> optionalLabels = new TreeMap<>();
    Map<String, Set<String>> documented = documentedFamilies(optionalLabels);
    assertThat(SAMPLE_APP).as("the sample app must be built before the agent's integration tests").exists();

    try (OtlpHttpReceiver receiver = OtlpHttpReceiver.start();
        AgentProcess app = AgentProcess.builder("sample-assistant").jar(SAMPLE_APP.toString()).args("--port", "0")
            .env("OTEL_METRICS_EXPORTER", "prometheus,otlp")
            .env("OTEL_EXPORTER_OTLP_ENDPOINT", receiver.endpoint())
            .env("OTEL_METRIC_EXPORT_INTERVAL", "1000")
            .start()) {
      String base = "http://127.0.0.1:" + app.awaitOutput("listening on http://[^:]+:(\\d+)", Duration.ofSeconds(60)).group(1);
      app.scrape();
      assertThat(Http.get(base + "/health").statusCode()).isEqualTo(200);
      assertThat(Http.post(base + "/api/sessions", "{}").statusCode()).isEqualTo(201);
      assertThat(Http.get(base + "/api/sessions/00000000-0000-0000-0000-000000000000").statusCode()).isEqualTo(404);
      assertThat(Http.get(base + "/api/debug/fail").statusCode()).isEqualTo(500);
      exerciseOpenAi(app, base);
      exerciseVoice(base);
      forceGarbageCollection(app);

      PrometheusText metrics = app.scrapeUntil(
          m -> m.names().contains("application_errors_total") && m.names().contains("jvm_gc_duration_seconds_count")
              && m.names().contains("system_cpu_utilization") && m.names().contains("earshot_openai_retries_total")
              && m.names().contains("websocket_closes_total")
              && m.names().contains("otel_sdk_exporter_operation_duration_seconds_count")
              && m.names().contains("otel_sdk_metric_reader_collection_duration_seconds_count"),
          Duration.ofSeconds(20));
      Map<String, Set<String>> exported = exportedFamilies(metrics);

      assertThat(exported.keySet()).as("metric families exported vs documented in docs/metrics.md")
          .containsExactlyInAnyOrderElementsOf(documented.keySet());
      for (Map.Entry<String, Set<String>> family : documented.entrySet()) {
        Set<String> optional = optionalLabels.getOrDefault(family.getKey(), Set.of());
        Set<String> required = new TreeSet<>(family.getValue());
        required.removeAll(optional);
        assertThat(exported.get(family.getKey())).as("label keys of " + family.getKey())
            .containsAll(required)
            .isSubsetOf(family.getValue());
      }
    }
  }

  /**
   * The assistant's OpenAI paths against its in-process simulator: a streamed chat answered after
   * one 429 (retried by the SDK), one that fails with 500 on every attempt, a realtime client
   * secret; together they produce every GenAI family with every label key.
   */
  private static void exerciseOpenAi(AgentProcess app, String base) {
    String admin = app.awaitOutput("admin (http://[^ )]+)\\)", Duration.ofSeconds(10)).group(1);
    assertThat(Http.post(admin + "/fail-next", "{\"count\":1,\"status\":429}").statusCode()).isEqualTo(200);
    assertThat(Http.post(base + "/api/chat", "{\"message\":\"hello\"}").statusCode()).isEqualTo(200);
    assertThat(Http.post(admin + "/fail-next", "{\"count\":3,\"status\":500}").statusCode()).isEqualTo(200);
    assertThat(Http.post(base + "/api/chat", "{\"message\":\"hello\"}").statusCode()).isEqualTo(502);
    assertThat(Http.post(base + "/rt-token", "{}").statusCode()).isEqualTo(200);
  }

  /**
   * The assistant's full-duplex conversation on /ws/realtime: a turn, a barge-in over its answer,
   * the barge-in's own answer, a clean hang-up: every WebSocket and voice family.
   */
  private static void exerciseVoice(String base) throws Exception {
    RealtimeCaller caller = new RealtimeCaller(java.net.URI.create(base.replace("http://", "ws://") + "/ws/realtime"));
    Duration answer = Duration.ofSeconds(20);
    caller.await("session.created", 1, Duration.ofSeconds(10));
    Thread.sleep(400);
    caller.speak(1_000);
    caller.await("response.output_audio.delta", 1, answer);
    caller.speak(1_000);
    caller.await("response.done", 2, answer);
    caller.await("conversation.item.input_audio_transcription.completed", 2, answer);
    assertThat(caller.hangUp()).isEqualTo(1000);
  }

  /** Prometheus family name -> Prometheus label keys, from every table row of the document. */
  private static Map<String, Set<String>> documentedFamilies(Map<String, Set<String>> optionalLabels) throws IOException {
    Map<String, Set<String>> families = new TreeMap<>();
    for (String line : Files.readAllLines(DOCUMENT)) {
      if (!line.startsWith("| ") || line.startsWith("| OTel name") || line.startsWith("|---")) {
        continue;
      }
      String[] cells = line.split("\\|");
      // cells[0] is empty (leading pipe): 1 name, 2 instrument, 3 unit, 4 attributes, 5 Prometheus name, 6 seed
      Matcher prometheusName = CODE.matcher(cells[5]);
      assertThat(prometheusName.find()).as("Prometheus name in: " + line).isTrue();
      Set<String> labels = new TreeSet<>();
      Matcher attribute = CODE.matcher(cells[4]);
      // Attributes after "on failure" appear only on failures the sample app cannot be made to
      // produce at will (a send the peer's disappearance breaks); their own tests cover them.
      int failureOnly = cells[4].indexOf("on failure");
      while (attribute.find()) {
        String label = attribute.group(1).replace('.', '_');
        labels.add(label);
        if (failureOnly >= 0 && attribute.start() > failureOnly) {
          optionalLabels.computeIfAbsent(prometheusName.group(1), f -> new TreeSet<>()).add(label);
        }
      }
      families.put(prometheusName.group(1), labels);
    }
    assertThat(families).as("tables found in " + DOCUMENT).isNotEmpty();
    return families;
  }

  /** Family name (as in the # TYPE lines) -> label keys seen on any of its samples. */
  private static Map<String, Set<String>> exportedFamilies(PrometheusText metrics) {
    Set<String> familyNames = new TreeSet<>();
    for (String line : metrics.raw().split("\n")) {
      if (line.startsWith("# TYPE ")) {
        familyNames.add(line.split(" ")[2]);
      }
    }
    Map<String, Set<String>> families = new TreeMap<>();
    for (PrometheusText.Sample sample : metrics.samples()) {
      String family = sample.name();
      if (!familyNames.contains(family)) {
        family = family.replaceAll("_(bucket|count|sum)$", "");
      }
      assertThat(familyNames).as("family of sample " + sample.name()).contains(family);
      Set<String> labels = families.computeIfAbsent(family, f -> new TreeSet<>());
      for (String key : sample.labels().keySet()) {
        if (!SCOPE_LABELS.contains(key)) {
          labels.add(key);
        }
      }
    }
    return families;
  }

  private static void forceGarbageCollection(AgentProcess app) throws Exception {
    Process jcmd = new ProcessBuilder(
        AgentProcess.javaHome().resolve("bin/jcmd").toString(), Long.toString(app.process().pid()), "GC.run")
        .redirectErrorStream(true).start();
    jcmd.getInputStream().readAllBytes();
    assertThat(jcmd.waitFor(30, TimeUnit.SECONDS)).isTrue();
  }
}
