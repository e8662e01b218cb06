package dev.earshot.agent.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.earshot.agent.it.support.AgentProcess;
import dev.earshot.agent.it.support.Http;
import dev.earshot.agent.it.support.PrometheusText;
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
 * exported metric families and their label keys with the document's tables.
 */
class MetricsReferenceIT {

  private static final Path DOCUMENT = Paths.get("..", "docs", "metrics.md");
  private static final Path SAMPLE_APP = Paths.get("..", "sample-app", "target", "earshot-sample-app.jar");
  private static final Set<String> SCOPE_LABELS = Set.of("otel_scope_name", "otel_scope_version", "le");
  private static final Pattern CODE = Pattern.compile("`([^`]+)`");

  @Test
  void documentAndExportedMetricsAgree() throws Exception {
    Map<String, Set<String>> documented = documentedFamilies();
    assertThat(SAMPLE_APP).as("the sample app must be built before the agent's integration tests").exists();

    try (AgentProcess app = AgentProcess.builder("sample-assistant").jar(SAMPLE_APP.toString()).args("--port", "0").start()) {
      String base = "http://127.0.0.1:" + app.awaitOutput("listening on http://[^:]+:(\\d+)", Duration.ofSeconds(60)).group(1);
      app.scrape();
      assertThat(Http.get(base + "/health").statusCode()).isEqualTo(200);
      assertThat(Http.post(base + "/api/sessions", "{}").statusCode()).isEqualTo(201);
      assertThat(Http.get(base + "/api/sessions/00000000-0000-0000-0000-000000000000").statusCode()).isEqualTo(404);
      assertThat(Http.get(base + "/api/debug/fail").statusCode()).isEqualTo(500);
      exerciseOpenAi(app, base);
      forceGarbageCollection(app);

      PrometheusText metrics = app.scrapeUntil(
          m -> m.names().contains("application_errors_total") && m.names().contains("jvm_gc_duration_seconds_count")
              && m.names().contains("system_cpu_utilization") && m.names().contains("earshot_openai_retries_total"),
          Duration.ofSeconds(20));
      Map<String, Set<String>> exported = exportedFamilies(metrics);

      assertThat(exported.keySet()).as("metric families exported vs documented in docs/metrics.md")
          .containsExactlyInAnyOrderElementsOf(documented.keySet());
      for (Map.Entry<String, Set<String>> family : documented.entrySet()) {
        assertThat(exported.get(family.getKey())).as("label keys of " + family.getKey())
            .containsExactlyInAnyOrderElementsOf(family.getValue());
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

  /** Prometheus family name -> Prometheus label keys, from every table row of the document. */
  private static Map<String, Set<String>> documentedFamilies() throws IOException {
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
      while (attribute.find()) {
        labels.add(attribute.group(1).replace('.', '_'));
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
