package dev.earshot.agent.it.export;

import static dev.earshot.agent.it.export.ExportChecks.DURATION;
import static org.assertj.core.api.Assertions.assertThat;

import dev.earshot.agent.it.support.AgentProcess;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * OTLP over HTTP with binary protobuf, chosen through the standard OTEL_* variables only, with no
 * protocol set: http/protobuf is Earshot's default, as in the OpenTelemetry specification.
 */
class OtlpHttpExportIT {

  @Test
  void exportsTheRequestDurationHistogramToAnOtlpHttpReceiver() {
    try (OtlpHttpReceiver receiver = OtlpHttpReceiver.start();
        AgentProcess app = AgentProcess.builder(ExportChecks.JDK_SERVER_APP).name("otlp-http")
            .env("OTEL_METRICS_EXPORTER", "otlp")
            .env("OTEL_EXPORTER_OTLP_ENDPOINT", receiver.endpoint())
            .env("OTEL_METRIC_EXPORT_INTERVAL", "500")
            .env("OTEL_SERVICE_NAME", "otlp-test")
            .env("OTEL_RESOURCE_ATTRIBUTES", "deployment.environment.name=test")
            .start()) {
      String base = ExportChecks.baseUrl(app);
      receiver.awaitFirstExport(Duration.ofSeconds(20)); // the SDK runs: requests from now on are measured

      for (int i = 1; i <= 4; i++) {
        ExportChecks.getOk(base + "/users/" + (4000 + i));
      }

      OtlpMetricsReceiver.HistogramPoint found = receiver.awaitHistogramCount(DURATION, "/users/{id}", 4, Duration.ofSeconds(15));
      ExportChecks.assertFourUserRequests(found);
      assertThat(receiver.maxCount(DURATION, "/users/{id}")).isEqualTo(4);
      // The wire format: every export was a protobuf POST to the OTLP/HTTP metrics path.
      assertThat(receiver.wire()).isNotEmpty().allSatisfy(request -> {
        assertThat(request.method()).isEqualTo("POST");
        assertThat(request.path()).isEqualTo("/v1/metrics");
        assertThat(request.contentType()).isEqualTo("application/x-protobuf");
      });
      // The exporter list was "otlp": no Prometheus endpoint, and nothing to warn about.
      ExportChecks.assertNothingListensOn(app.prometheusPort());
      assertThat(ExportChecks.earshotWarnings(app)).isEmpty();
      assertThat(app.isAlive()).isTrue();
    }
  }
}
