package dev.earshot.agent.runtime;

import dev.earshot.agent.core.InstrumentationModule;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.instrumentation.runtimetelemetry.RuntimeTelemetry;

/**
 * JVM metrics (memory, GC duration, threads, classes, CPU) from OpenTelemetry's runtime-telemetry
 * library, read from the platform MXBeans when metrics are collected.
 */
public final class JvmMetricsModule extends InstrumentationModule {

  public JvmMetricsModule() {
    super("jvm-metrics");
  }

  @Override
  public void onTelemetryReady(OpenTelemetry openTelemetry) {
    RuntimeTelemetry.create(openTelemetry);
  }
}
