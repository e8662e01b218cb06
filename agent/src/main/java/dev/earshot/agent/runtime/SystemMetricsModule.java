package dev.earshot.agent.runtime;

import dev.earshot.agent.core.InstrumentationModule;
import dev.earshot.agent.core.Telemetry;
import io.opentelemetry.api.OpenTelemetry;

/** System and process metrics from OSHI, observed when metrics are collected. */
public final class SystemMetricsModule extends InstrumentationModule {

  public SystemMetricsModule() {
    super("system-metrics");
  }

  @Override
  public void onTelemetryReady(OpenTelemetry openTelemetry) {
    SystemMetrics.register(Telemetry.meter(openTelemetry));
  }
}
