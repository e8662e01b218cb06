package dev.earshot.agent.it.export;

import static dev.earshot.agent.it.export.ExportChecks.DURATION;
import static org.assertj.core.api.Assertions.assertThat;

import dev.earshot.agent.it.support.AgentProcess;
import dev.earshot.agent.it.support.PrometheusText;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The exporter list of otel.metrics.exporter: several at once, and the console (logging) exporter. */
class ExporterSelectionIT {

  @Test
  void aCommaListFeedsPrometheusAndOtlpFromTheSameMeasurements() {
    try (OtlpHttpReceiver receiver = OtlpHttpReceiver.start();
        AgentProcess app = AgentProcess.builder(ExportChecks.JDK_SERVER_APP).name("prometheus-and-otlp")
            .env("OTEL_METRICS_EXPORTER", "prometheus,otlp")
            .env("OTEL_EXPORTER_OTLP_ENDPOINT", receiver.endpoint())
            .env("OTEL_EXPORTER_OTLP_PROTOCOL", "http/protobuf")
            .env("OTEL_METRIC_EXPORT_INTERVAL", "500")
            .start()) {
      String base = ExportChecks.baseUrl(app);
      app.scrape();
      for (int i = 1; i <= 3; i++) {
        ExportChecks.getOk(base + "/items/" + (700 + i));
      }

      PrometheusText metrics = app.scrapeUntil(
          m -> m.sum("http_server_request_duration_seconds_count", "http_route", "/items/{id}") == 3, Duration.ofSeconds(10));
      assertThat(metrics.value("http_server_request_duration_seconds_count",
          "http_route", "/items/{id}", "http_request_method", "GET", "http_response_status_code", "200")).isEqualTo(3);
      OtlpMetricsReceiver.HistogramPoint otlp = receiver.awaitHistogramCount(DURATION, "/items/{id}", 3, Duration.ofSeconds(15));
      assertThat(otlp.attributes()).containsEntry("http.response.status_code", 200L).containsEntry("http.request.method", "GET");
      // Both readers see one resource: the same service.instance.id on both sides.
      String instanceId = (String) otlp.resourceAttributes().get("service.instance.id");
      assertThat(metrics.series("target_info").get(0).label("service_instance_id")).isEqualTo(instanceId);
      assertThat(ExportChecks.earshotWarnings(app)).isEmpty();
    }
  }

  /** "console" is the exporter's name in the SDK's configuration; "logging" its deprecated alias, still accepted. */
  @ParameterizedTest
  @ValueSource(strings = {"console", "logging"})
  void theConsoleExporterPrintsMetricDataToTheApplicationsOutput(String exporter) {
    try (AgentProcess app = AgentProcess.builder(ExportChecks.JDK_SERVER_APP).name("exporter-" + exporter)
        .jvm("-Dotel.metrics.exporter=" + exporter, "-Dotel.metric.export.interval=300", "-Dotel.service.name=console-test")
        .start()) {
      String base = ExportChecks.baseUrl(app);
      app.awaitOutput("INFO: Received a collection of \\d+ metrics for export\\.", Duration.ofSeconds(20));
      ExportChecks.getOk(base + "/console/17");
      ExportChecks.getOk(base + "/console/18");

      String point = "INFO: metric: ImmutableMetricData\\{resource=Resource\\{.*service\\.name=\"console-test\".*\\}, "
          + "instrumentationScopeInfo=InstrumentationScopeInfo\\{name=dev\\.earshot\\.agent, .*name=http\\.server\\.request\\.duration, "
          + "description=Duration of HTTP server requests\\., unit=s, type=HISTOGRAM, .*"
          + "getAttributes=\\{http\\.request\\.method=\"GET\", http\\.response\\.status_code=200, http\\.route=\"/console/\\{id\\}\", "
          + "url\\.scheme=\"http\"\\}, getSum=[0-9.E-]+, getCount=(\\d+),";
      app.awaitOutput(point.replace("(\\d+)", "2"), Duration.ofSeconds(10));
      // Cumulative points: every printed count for the route is 1 (an export between the two requests) or 2.
      Matcher counts = Pattern.compile(point).matcher(app.output());
      while (counts.find()) {
        assertThat(counts.group(1)).isIn("1", "2");
      }
      ExportChecks.assertNothingListensOn(app.prometheusPort());
      assertThat(ExportChecks.earshotWarnings(app)).isEmpty();
    }
  }

  /** Export switched off on purpose is not a failure: no endpoint, no fallback, no warning, and the application serves. */
  @ParameterizedTest
  @ValueSource(strings = {"OTEL_METRICS_EXPORTER=none", "OTEL_SDK_DISABLED=true"})
  void exportSwitchedOffStartsNoEndpointAndNoFallback(String setting) {
    String[] nameValue = setting.split("=");
    try (AgentProcess app = AgentProcess.builder(ExportChecks.JDK_SERVER_APP).name("exporter-off")
        .env(nameValue[0], nameValue[1])
        .start()) {
      String base = ExportChecks.baseUrl(app);
      for (int i = 0; i < 3; i++) {
        ExportChecks.getOk(base + "/quiet/" + i);
      }
      OtlpMetricsReceiver.sleep(1_500); // the SDK is built in the background: give a fallback time to show
      ExportChecks.getOk(base + "/quiet/last");
      ExportChecks.assertNothingListensOn(app.prometheusPort());
      assertThat(ExportChecks.earshotWarnings(app)).isEmpty();
      assertThat(app.isAlive()).isTrue();
    }
  }
}
