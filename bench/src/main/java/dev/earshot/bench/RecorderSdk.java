package dev.earshot.bench;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.testing.exporter.InMemoryMetricReader;
import java.lang.reflect.Method;

/** A real OpenTelemetry SDK handed to the agent's recorders, as the agent does once it has built its own. */
final class RecorderSdk {

  private RecorderSdk() {}

  static OpenTelemetrySdk install() throws ReflectiveOperationException {
    OpenTelemetrySdk sdk = OpenTelemetrySdk.builder()
        .setMeterProvider(SdkMeterProvider.builder().registerMetricReader(InMemoryMetricReader.create()).build())
        .build();
    Method publish = Class.forName("dev.earshot.agent.core.Telemetry").getDeclaredMethod("publish", OpenTelemetry.class);
    publish.setAccessible(true);
    publish.invoke(null, sdk);
    return sdk;
  }
}
