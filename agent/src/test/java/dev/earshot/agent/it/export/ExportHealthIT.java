package dev.earshot.agent.it.export;

import static org.assertj.core.api.Assertions.assertThat;

import dev.earshot.agent.it.support.AgentProcess;
import dev.earshot.agent.it.support.PrometheusText;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * Exports the OpenTelemetry SDK does not measure itself are counted by the agent: each scrape of
 * the Prometheus endpoint, each push of the console (logging) exporter.
 */
class ExportHealthIT {

  private static final String EXPORTS = "earshot_agent_exports_total";
  private static final String TIME = "earshot_agent_export_time_seconds_total";
  private static final String PROMETHEUS = "prometheus_http_text_metric_exporter";
  private static final String LOGGING = "logging_metric_exporter";

  @Test
  void everyScrapeAndEveryConsolePushIsCounted() {
    try (AgentProcess app = AgentProcess.builder(ExportChecks.JDK_SERVER_APP).name("export-health")
        .jvm("-Dotel.metrics.exporter=prometheus,console", "-Dotel.metric.export.interval=300")
        .start()) {
      ExportChecks.baseUrl(app);
      PrometheusText before = app.scrapeUntil(m -> m.sum(EXPORTS, "otel_component_type", LOGGING) >= 2, Duration.ofSeconds(20));
      double scrapes = before.value(EXPORTS, "otel_component_type", PROMETHEUS);
      // A scrape's own collection is counted from the next scrape on: five more scrapes, five more.
      PrometheusText after = before;
      for (int i = 0; i < 5; i++) {
        after = app.scrape();
      }
      assertThat(after.value(EXPORTS, "otel_component_type", PROMETHEUS)).isEqualTo(scrapes + 5);
      assertThat(after.value(TIME, "otel_component_type", PROMETHEUS)).isGreaterThan(0).isLessThan(after.value(EXPORTS,
          "otel_component_type", PROMETHEUS) * 5);
      // The console pushes every 300 ms, and none failed: no error.type anywhere.
      assertThat(after.value(EXPORTS, "otel_component_type", LOGGING)).isGreaterThanOrEqualTo(2);
      assertThat(after.value(TIME, "otel_component_type", LOGGING)).isGreaterThan(0);
      assertThat(after.labelValues(EXPORTS, "error_type")).isEmpty();
      assertThat(after.labelValues(EXPORTS, "otel_component_type")).containsExactlyInAnyOrder(PROMETHEUS, LOGGING);
      // Neither exporter is OTLP: the SDK's own exporter metrics are absent, the periodic reader's present.
      assertThat(after.names()).noneMatch(name -> name.startsWith("otel_sdk_exporter_"))
          .contains("otel_sdk_metric_reader_collection_duration_seconds_count");
      assertThat(ExportChecks.earshotWarnings(app)).isEmpty();
    }
  }
}
