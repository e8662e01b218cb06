package dev.earshot.agent.export;

import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.common.export.MemoryMode;
import io.opentelemetry.sdk.metrics.Aggregation;
import io.opentelemetry.sdk.metrics.InstrumentType;
import io.opentelemetry.sdk.metrics.data.AggregationTemporality;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.metrics.export.CollectionRegistration;
import io.opentelemetry.sdk.metrics.export.MetricReader;
import java.io.IOException;
import java.util.Collection;

/**
 * A pull reader (the Prometheus endpoint) whose collections are counted in {@link ExportHealth}:
 * one per scrape, timed over the collection of every metric (asynchronous instruments' callbacks
 * included), which is what a scrape costs the process.
 */
final class MeasuredMetricReader implements MetricReader {

  private final MetricReader delegate;
  private final ExportHealth.Component health;

  MeasuredMetricReader(MetricReader delegate, ExportHealth.Component health) {
    this.delegate = delegate;
    this.health = health;
  }

  @Override
  public void register(CollectionRegistration registration) {
    delegate.register(new CollectionRegistration() {
      @Override
      public Collection<MetricData> collectAllMetrics() {
        long started = System.nanoTime();
        Collection<MetricData> metrics;
        try {
          metrics = registration.collectAllMetrics();
        } catch (RuntimeException | Error e) {
          health.failed(e, System.nanoTime() - started);
          throw e;
        }
        health.succeeded(System.nanoTime() - started);
        return metrics;
      }
    });
  }

  @Override
  public CompletableResultCode forceFlush() {
    return delegate.forceFlush();
  }

  @Override
  public CompletableResultCode shutdown() {
    return delegate.shutdown();
  }

  @Override
  public void close() throws IOException {
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
