package dev.earshot.agent.it.export;

import static org.assertj.core.api.Assertions.assertThat;

import dev.earshot.agent.it.support.AgentProcess;
import dev.earshot.agent.it.support.PrometheusText;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** A bad setting never stops the application: one clear warning line per problem, and the default. */
class BadSettingsIT {

  private static final String COUNT = "http_server_request_duration_seconds_count";

  @Test
  void badAndUnknownEarshotSettingsWarnOnceEachAndUseTheDefaults() {
    try (AgentProcess app = AgentProcess.builder(ExportChecks.JDK_SERVER_APP).name("bad-earshot-settings")
        .jvm("-Dearshot.http.max-routes=abc", "-Dearshot.unknown.key=x")
        .env("EARSHOT_NO_SUCH_SETTING", "1")
        .start()) {
      String base = ExportChecks.baseUrl(app);
      app.scrape();
      // The default bound, 100 routes: whichever 100 distinct routes come first keep their names,
      // the other 5 are OTHER. (Sent 8 at a time: one by one, each waits out a delayed ACK.)
      List<String> routes = IntStream.range(0, 105).mapToObj(i -> "/bulk/route" + letters(i)).toList();
      ExportChecks.getAllOk(base, routes, 8);

      PrometheusText metrics = app.scrapeUntil(m -> m.sum(COUNT) == 105, Duration.ofSeconds(10));
      Set<String> named = new TreeSet<>(metrics.labelValues(COUNT, "http_route"));
      assertThat(named.remove("OTHER")).isTrue();
      assertThat(named).hasSize(100);
      assertThat(routes).containsAll(named);
      assertThat(metrics.value(COUNT, "http_route", "OTHER")).isEqualTo(5);
      assertThat(metrics.sum(COUNT)).isEqualTo(105);

      List<String> warnings = ExportChecks.earshotWarnings(app);
      assertThat(warnings).hasSize(3);
      assertThat(warnings).anySatisfy(line -> assertThat(line)
          .isEqualTo("[earshot] WARN setting earshot.http.max-routes='abc' is not a whole number; using the default 100"));
      assertThat(warnings).anySatisfy(line -> assertThat(line)
          .startsWith("[earshot] WARN unknown setting EARSHOT_NO_SUCH_SETTING in the environment; ignored (known: ")
          .contains("EARSHOT_HTTP_MAX_ROUTES").endsWith(")"));
      assertThat(warnings).anySatisfy(line -> assertThat(line)
          .startsWith("[earshot] WARN unknown setting -Dearshot.unknown.key; ignored (known: ")
          .contains("earshot.http.max-routes").endsWith(")"));
      // Setting values are not secrets, names are shown; the unknown variable's value is not.
      assertThat(warnings).noneMatch(line -> line.contains("=1") || line.contains("=x"));
    }
  }

  /**
   * With a periodic exporter (otlp) autoconfigure rejects the interval, so the agent falls back to a
   * Prometheus exporter where one was configured to listen, keeping the configured resource.
   * (With the default Prometheus exporter alone the interval is never read: autoconfigure does not
   * validate it and nothing is logged.)
   */
  @Test
  void aMalformedExportIntervalWarnsOnceAndFallsBackToPrometheus() {
    int closedPort = AgentProcess.freePort();
    try (AgentProcess app = AgentProcess.builder(ExportChecks.JDK_SERVER_APP).name("bad-export-interval")
        .env("OTEL_METRICS_EXPORTER", "otlp")
        .env("OTEL_EXPORTER_OTLP_ENDPOINT", "http://127.0.0.1:" + closedPort)
        .env("OTEL_METRIC_EXPORT_INTERVAL", "banana")
        .env("OTEL_SERVICE_NAME", "interval-test")
        .start()) {
      String base = ExportChecks.baseUrl(app);
      app.scrape();
      ExportChecks.getOk(base + "/fallback/1");
      ExportChecks.getOk(base + "/fallback/2");

      PrometheusText metrics = app.scrapeUntil(m -> m.sum(COUNT, "http_route", "/fallback/{id}") == 2, Duration.ofSeconds(10));
      assertThat(metrics.value(COUNT, "http_route", "/fallback/{id}", "http_response_status_code", "200")).isEqualTo(2);
      assertThat(metrics.series("target_info").get(0).label("service_name")).isEqualTo("interval-test");
      assertThat(ExportChecks.earshotWarnings(app)).singleElement().asString()
          .startsWith("[earshot] WARN metrics export could not be set up as configured: "
              + "Invalid duration property otel.metric.export.interval=banana")
          .endsWith("; metrics are exported with the Prometheus exporter on 127.0.0.1:" + app.prometheusPort() + " instead");
    }
  }

  @Test
  void aMissingConfigurationFileWarnsOnceAndTheApplicationServes() {
    try (AgentProcess app = AgentProcess.builder(ExportChecks.JDK_SERVER_APP).name("missing-config-file")
        .agentArguments("config=/nonexistent.properties")
        .start()) {
      String base = ExportChecks.baseUrl(app);
      app.scrape();
      ExportChecks.getOk(base + "/still/serving");

      PrometheusText metrics = app.scrapeUntil(m -> m.sum(COUNT, "http_route", "/still/serving") == 1, Duration.ofSeconds(10));
      assertThat(metrics.value(COUNT, "http_route", "/still/serving")).isEqualTo(1);
      assertThat(ExportChecks.earshotWarnings(app)).containsExactly(
          "[earshot] WARN cannot read the configuration file /nonexistent.properties (NoSuchFileException); using the other settings");
    }
  }

  /** 0 -> "aa", 1 -> "ab", ...: route segments that are words, never id-like. */
  static String letters(int i) {
    return "" + (char) ('a' + i / 26) + (char) ('a' + i % 26);
  }
}
