package dev.earshot.agent.it.export;

import static dev.earshot.agent.it.export.ExportChecks.DURATION;
import static org.assertj.core.api.Assertions.assertThat;

import dev.earshot.agent.it.support.AgentProcess;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** OTLP over gRPC (plaintext HTTP/2), chosen through the standard OTEL_* variables only. */
class OtlpGrpcExportIT {

  @Test
  void exportsTheRequestDurationHistogramToAnOtlpGrpcReceiver() {
    try (OtlpGrpcReceiver receiver = OtlpGrpcReceiver.start();
        AgentProcess app = AgentProcess.builder(ExportChecks.JDK_SERVER_APP).name("otlp-grpc")
            .env("OTEL_METRICS_EXPORTER", "otlp")
            .env("OTEL_EXPORTER_OTLP_ENDPOINT", receiver.endpoint())
            .env("OTEL_EXPORTER_OTLP_PROTOCOL", "grpc")
            .env("OTEL_METRIC_EXPORT_INTERVAL", "500")
            .env("OTEL_SERVICE_NAME", "otlp-test")
            .env("OTEL_RESOURCE_ATTRIBUTES", "deployment.environment.name=test")
            .start()) {
      String base = ExportChecks.baseUrl(app);
      receiver.awaitFirstExport(Duration.ofSeconds(20));

      for (int i = 1; i <= 4; i++) {
        ExportChecks.getOk(base + "/users/" + (5000 + i));
      }

      OtlpMetricsReceiver.HistogramPoint found = receiver.awaitHistogramCount(DURATION, "/users/{id}", 4, Duration.ofSeconds(15));
      ExportChecks.assertFourUserRequests(found);
      assertThat(receiver.maxCount(DURATION, "/users/{id}")).isEqualTo(4);
      ExportChecks.assertNothingListensOn(app.prometheusPort());
      assertThat(ExportChecks.earshotWarnings(app)).isEmpty();
      assertThat(app.isAlive()).isTrue();
    }
  }
}
