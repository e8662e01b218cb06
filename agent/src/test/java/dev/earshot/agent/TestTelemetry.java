package dev.earshot.agent;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.testing.exporter.InMemoryMetricReader;
import java.lang.reflect.Method;
import java.util.Collection;

/**
 * One real SDK published to the agent's recorders for every unit test of a test JVM: recorders
 * bind their instruments once, so each test reads the shared, cumulative data and tells its own
 * series apart by attributes of its own.
 */
public final class TestTelemetry {

  private static InMemoryMetricReader reader;

  private TestTelemetry() {}

  public static synchronized InMemoryMetricReader reader() {
    if (reader == null) {
      try {
        InMemoryMetricReader created = InMemoryMetricReader.create();
        OpenTelemetrySdk sdk = OpenTelemetrySdk.builder()
            .setMeterProvider(SdkMeterProvider.builder().registerMetricReader(created).build())
            .build();
        Method publish = Class.forName("dev.earshot.agent.core.Telemetry").getDeclaredMethod("publish", OpenTelemetry.class);
        publish.setAccessible(true);
        publish.invoke(null, sdk);
        reader = created;
      } catch (ReflectiveOperationException e) {
        throw new IllegalStateException(e);
      }
    }
    return reader;
  }

  public static Collection<MetricData> collect() {
    return reader().collectAllMetrics();
  }
}
