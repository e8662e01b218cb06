package dev.earshot.agent.export;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.exporter.logging.LoggingMetricExporter;
import io.opentelemetry.exporter.otlp.http.metrics.OtlpHttpMetricExporter;
import io.opentelemetry.exporter.prometheus.PrometheusHttpServer;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.metrics.InstrumentType;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.metrics.data.AggregationTemporality;
import io.opentelemetry.sdk.metrics.data.LongPointData;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.metrics.export.MetricExporter;
import io.opentelemetry.sdk.metrics.export.MetricReader;
import io.opentelemetry.sdk.testing.exporter.InMemoryMetricReader;
import java.io.IOException;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class ExportHealthTest {

  @Test
  void theOtlpExportersAreLeftToMeasureThemselves() {
    MetricExporter otlp = OtlpHttpMetricExporter.builder().build();
    try {
      assertThat(ExportHealth.measured(otlp)).isSameAs(otlp);
    } finally {
      otlp.shutdown();
    }
  }

  @Test
  void otherExportersAreMeasuredUnderTheirComponentType() {
    MetricExporter logging = LoggingMetricExporter.create();
    MetricExporter measured = ExportHealth.measured(logging);
    assertThat(measured).isInstanceOf(MeasuredMetricExporter.class);
    assertThat(ExportHealth.measured(measured)).isSameAs(measured);
    assertThat(ExportHealth.componentType(logging)).isEqualTo("logging_metric_exporter");
    assertThat(ExportHealth.componentType(new ScriptedExporter())).isEqualTo("scripted_exporter");
    assertThat(measured.getAggregationTemporality(InstrumentType.COUNTER)).isEqualTo(AggregationTemporality.CUMULATIVE);
  }

  @Test
  void successesFailuresAndTheirTimeAreCounted() {
    ScriptedExporter exporter = new ScriptedExporter();
    ExportHealth.Component health = ExportHealth.component("test_counted_exporter");
    MetricExporter measured = new MeasuredMetricExporter(exporter, health);

    exporter.next.set(CompletableResultCode.ofSuccess());
    assertThat(measured.export(List.of()).isSuccess()).isTrue();
    CompletableResultCode pending = new CompletableResultCode();
    exporter.next.set(pending);
    CompletableResultCode returned = measured.export(List.of());
    assertThat(returned).isSameAs(pending);
    assertThat(health.succeeded.sum()).isEqualTo(1); // counted when it completes, not before
    pending.failExceptionally(new IOException("down"));
    exporter.next.set(CompletableResultCode.ofFailure());
    measured.export(List.of());

    assertThat(health.succeeded.sum()).isEqualTo(1);
    assertThat(health.failed()).isEqualTo(2);
    Map<String, Long> exports = exportsOf("test_counted_exporter");
    assertThat(exports).isEqualTo(Map.of("", 1L, "java.io.IOException", 1L, "_OTHER", 1L));
    assertThat(health.seconds.sum()).isGreaterThanOrEqualTo(0);
  }

  @Test
  void errorTypesAreBounded() {
    ExportHealth.Component health = ExportHealth.component("test_bounded_exporter");
    for (int i = 0; i < 100; i++) {
      health.failed("com.example.Error" + i, 1);
    }
    Map<String, Long> exports = exportsOf("test_bounded_exporter");
    // The first 20 error types, then _OTHER for the 80 others; the success series is there with 0.
    assertThat(exports).hasSize(ExportHealth.MAX_ERROR_TYPES + 2)
        .containsEntry("com.example.Error0", 1L).containsEntry("com.example.Error19", 1L)
        .containsEntry("_OTHER", 80L).containsEntry("", 0L);
  }

  @Test
  void everyCollectionOfThePrometheusReaderIsCounted() throws Exception {
    int port;
    try (java.net.ServerSocket free = new java.net.ServerSocket(0)) {
      port = free.getLocalPort();
    }
    MetricReader server = PrometheusHttpServer.builder().setHost("127.0.0.1").setPort(port).build();
    MetricReader measured = ExportHealth.measured(server);
    assertThat(measured).isInstanceOf(MeasuredMetricReader.class);
    InMemoryMetricReader reader = InMemoryMetricReader.create();
    ExportHealth.Component prometheus = ExportHealth.component(ExportHealth.PROMETHEUS);
    long before = prometheus.succeeded.sum();
    try (SdkMeterProvider provider = SdkMeterProvider.builder().registerMetricReader(measured).registerMetricReader(reader).build()) {
      // A scrape: the Prometheus server collects through the registration the wrapper handed it.
      java.net.http.HttpClient client = java.net.http.HttpClient.newHttpClient();
      for (int i = 0; i < 3; i++) {
        var response = client.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:" + port + "/metrics")).build(),
            java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
      }
      assertThat(prometheus.succeeded.sum() - before).isEqualTo(3);
    }
  }

  /** error.type ("" when absent) -> count of earshot.agent.exports for one component type, as the SDK exports it. */
  private static Map<String, Long> exportsOf(String componentType) {
    InMemoryMetricReader reader = InMemoryMetricReader.create();
    try (SdkMeterProvider provider = SdkMeterProvider.builder().registerMetricReader(reader).build()) {
      ExportHealth.registerMetrics(provider.get("test"));
      Map<String, Long> counts = new TreeMap<>();
      for (MetricData metric : reader.collectAllMetrics()) {
        if (metric.getName().equals("earshot.agent.exports")) {
          for (LongPointData point : metric.getLongSumData().getPoints()) {
            Attributes attributes = point.getAttributes();
            if (componentType.equals(attributes.get(ExportHealth.COMPONENT_TYPE))) {
              String errorType = attributes.get(ExportHealth.ERROR_TYPE);
              counts.put(errorType == null ? "" : errorType, point.getValue());
            }
          }
        }
      }
      return counts;
    }
  }

  /** An exporter whose next result the test sets. */
  private static final class ScriptedExporter implements MetricExporter {
    final AtomicReference<CompletableResultCode> next = new AtomicReference<>(CompletableResultCode.ofSuccess());

    @Override
    public CompletableResultCode export(Collection<MetricData> metrics) {
      return next.get();
    }

    @Override
    public CompletableResultCode flush() {
      return CompletableResultCode.ofSuccess();
    }

    @Override
    public CompletableResultCode shutdown() {
      return CompletableResultCode.ofSuccess();
    }

    @Override
    public AggregationTemporality getAggregationTemporality(InstrumentType instrumentType) {
      return AggregationTemporality.CUMULATIVE;
    }
  }
}
