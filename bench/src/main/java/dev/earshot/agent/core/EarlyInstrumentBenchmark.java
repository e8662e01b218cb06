package dev.earshot.agent.core;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.metrics.DoubleHistogram;
import io.opentelemetry.api.metrics.LongCounter;
import io.opentelemetry.api.metrics.Meter;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.testing.exporter.InMemoryMetricReader;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What an instrument created before the SDK existed costs once bound, against the SDK's own
 * instrument: a recorder initialised in the first moments of the JVM keeps its
 * {@link EarlyInstrument} for good, so every measurement pays one volatile read more. Run with
 * {@code -prof gc}: allocation per operation must stay 0.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Benchmark)
public class EarlyInstrumentBenchmark {

  private static final Attributes ATTRIBUTES = Attributes.of(AttributeKey.stringKey("http.route"), "/api/sessions/{id}");

  private LongCounter sdkCounter;
  private LongCounter boundEarlyCounter;
  private DoubleHistogram sdkHistogram;
  private DoubleHistogram boundEarlyHistogram;

  @Setup
  public void setUp() {
    Meter meter = SdkMeterProvider.builder().registerMetricReader(InMemoryMetricReader.create()).build().get("bench");
    StartupMeasurements buffer = new StartupMeasurements(1024);
    EarlyInstrument.Counter counter = new EarlyInstrument.Counter(buffer, "early.counter", "{x}", "");
    EarlyInstrument.Histogram histogram = new EarlyInstrument.Histogram(buffer, "early.histogram", "s", "", List.of(0.01, 0.1, 1.0));
    buffer.bindAndReplay(List.of(counter, histogram), meter);
    boundEarlyCounter = counter;
    boundEarlyHistogram = histogram;
    sdkCounter = meter.counterBuilder("sdk.counter").build();
    sdkHistogram = meter.histogramBuilder("sdk.histogram").setExplicitBucketBoundariesAdvice(List.of(0.01, 0.1, 1.0)).build();
  }

  @Benchmark
  public void counterOnTheSdk() {
    sdkCounter.add(1, ATTRIBUTES);
  }

  @Benchmark
  public void counterBoundEarly() {
    boundEarlyCounter.add(1, ATTRIBUTES);
  }

  @Benchmark
  public void histogramOnTheSdk() {
    sdkHistogram.record(0.042, ATTRIBUTES);
  }

  @Benchmark
  public void histogramBoundEarly() {
    boundEarlyHistogram.record(0.042, ATTRIBUTES);
  }
}
