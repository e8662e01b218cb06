package dev.earshot.agent.export;

import dev.earshot.agent.core.SelfErrors;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.common.export.MemoryMode;
import io.opentelemetry.sdk.metrics.Aggregation;
import io.opentelemetry.sdk.metrics.InstrumentType;
import io.opentelemetry.sdk.metrics.data.AggregationTemporality;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.metrics.export.MetricExporter;
import java.util.Collection;

/**
 * A push exporter that the SDK does not measure (the logging exporter, an SPI exporter), counted
 * per export in {@link ExportHealth}: from the call to the completion of its result. Everything
 * else is the exporter's own behaviour, unchanged.
 */
final class MeasuredMetricExporter implements MetricExporter {

  private final MetricExporter delegate;
  private final ExportHealth.Component health;

  MeasuredMetricExporter(MetricExporter delegate, ExportHealth.Component health) {
    this.delegate = delegate;
    this.health = health;
  }

  @Override
  public CompletableResultCode export(Collection<MetricData> metrics) {
    long started = System.nanoTime();
    CompletableResultCode result;
    try {
      result = delegate.export(metrics);
    } catch (RuntimeException | Error e) {
      health.failed(e, System.nanoTime() - started);
      throw e;
    }
    try {
      result.whenComplete(() -> {
        long nanos = System.nanoTime() - started;
        if (result.isSuccess()) {
          health.succeeded(nanos);
        } else {
          health.failed(result.getFailureThrowable(), nanos);
        }
      });
    } catch (Throwable t) {
      SelfErrors.record(t, "core", "export health");
    }
    return result;
  }

  @Override
  public CompletableResultCode flush() {
    return delegate.flush();
  }

  @Override
  public CompletableResultCode shutdown() {
    return delegate.shutdown();
  }

  @Override
  public void close() {
    delegate.close();
  }

  @Override
  public AggregationTemporality getAggregationTemporality(InstrumentType instrumentType) {
    return delegate.getAggregationTemporality(instrumentType);
  }

  @Override
  public Aggregation getDefaultAggregation(InstrumentType instrumentType) {
    return delegate.getDefaultAggregation(instrumentType);
  }

  @Override
  public MemoryMode getMemoryMode() {
    return delegate.getMemoryMode();
  }

  @Override
  public String toString() {
    return delegate.toString();
  }
}
