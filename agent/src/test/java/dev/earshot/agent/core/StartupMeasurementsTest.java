package dev.earshot.agent.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.metrics.Meter;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.testing.exporter.InMemoryMetricReader;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

/** Instruments that exist before the SDK: buffered, replayed exactly once and in order, bounded. */
class StartupMeasurementsTest {

  private static final Attributes ROUTE_A = Attributes.of(AttributeKey.stringKey("route"), "a");
  private static final Attributes ROUTE_B = Attributes.of(AttributeKey.stringKey("route"), "b");

  private final InMemoryMetricReader reader = InMemoryMetricReader.create();
  private final Meter sdkMeter = SdkMeterProvider.builder().registerMetricReader(reader).build().get("test");

  @Test
  void everyMeasurementTakenBeforeBindingIsReplayedIntoTheSdk() {
    StartupMeasurements buffer = new StartupMeasurements(1_000);
    EarlyInstrument.Counter counter = new EarlyInstrument.Counter(buffer, "c", "{x}", "counter");
    EarlyInstrument.UpDownCounter active = new EarlyInstrument.UpDownCounter(buffer, "active", "{x}", "active");
    EarlyInstrument.Histogram histogram = new EarlyInstrument.Histogram(buffer, "h", "s", "histogram", List.of(0.1, 1.0));
    EarlyInstrument.WholeHistogram tokens = new EarlyInstrument.WholeHistogram(buffer, "t", "{token}", "tokens", List.of(10L, 100L));
    EarlyInstrument.Gauge gauge = new EarlyInstrument.Gauge(buffer, "g", "{x}", "gauge");

    counter.add(2, ROUTE_A);
    counter.add(3, ROUTE_A);
    counter.add(7, ROUTE_B);
    active.add(1, ROUTE_A);
    active.add(1, ROUTE_A);
    active.add(-1, ROUTE_A);
    histogram.record(0.05, ROUTE_A);
    histogram.record(0.5, ROUTE_A);
    tokens.record(42, ROUTE_A);
    gauge.set(9, ROUTE_A);
    gauge.set(4, ROUTE_A); // the last value set must stay the last one
    assertThat(buffer.buffered()).isEqualTo(11);
    assertThat(reader.collectAllMetrics()).isEmpty();

    long dropped = buffer.bindAndReplay(List.of(counter, active, histogram, tokens, gauge), sdkMeter);

    assertThat(dropped).isZero();
    assertThat(buffer.replayed()).isEqualTo(11);
    assertThat(buffer.buffered()).isZero();
    List<MetricData> metrics = new ArrayList<>(reader.collectAllMetrics());
    assertThat(longSum(metrics, "c", ROUTE_A)).isEqualTo(5);
    assertThat(longSum(metrics, "c", ROUTE_B)).isEqualTo(7);
    assertThat(longSum(metrics, "active", ROUTE_A)).isEqualTo(1);
    MetricData h = metric(metrics, "h");
    assertThat(h.getHistogramData().getPoints().iterator().next().getCount()).isEqualTo(2);
    assertThat(h.getHistogramData().getPoints().iterator().next().getSum()).isEqualTo(0.55);
    assertThat(h.getHistogramData().getPoints().iterator().next().getBoundaries()).containsExactly(0.1, 1.0);
    assertThat(metric(metrics, "t").getHistogramData().getPoints().iterator().next().getSum()).isEqualTo(42);
    assertThat(metric(metrics, "g").getLongGaugeData().getPoints().iterator().next().getValue()).isEqualTo(4);
    assertThat(metric(metrics, "h").getUnit()).isEqualTo("s");
    assertThat(metric(metrics, "h").getDescription()).isEqualTo("histogram");
  }

  @Test
  void afterBindingMeasurementsGoStraightToTheSdk() {
    StartupMeasurements buffer = new StartupMeasurements(1_000);
    EarlyInstrument.Counter counter = new EarlyInstrument.Counter(buffer, "c", "{x}", "counter");
    buffer.bindAndReplay(List.of(counter), sdkMeter);

    counter.add(5, ROUTE_A);

    assertThat(buffer.buffered()).isZero();
    assertThat(longSum(new ArrayList<>(reader.collectAllMetrics()), "c", ROUTE_A)).isEqualTo(5);
  }

  @Test
  void measurementsBeyondTheCapacityAreCountedAndDropped() {
    StartupMeasurements buffer = new StartupMeasurements(10);
    EarlyInstrument.Counter counter = new EarlyInstrument.Counter(buffer, "c", "{x}", "counter");
    for (int i = 0; i < 15; i++) {
      counter.add(1, ROUTE_A);
    }
    assertThat(buffer.buffered()).isEqualTo(10);

    assertThat(buffer.bindAndReplay(List.of(counter), sdkMeter)).isEqualTo(5);
    assertThat(longSum(new ArrayList<>(reader.collectAllMetrics()), "c", ROUTE_A)).isEqualTo(10);
  }

  @Test
  void noMeasurementIsLostOrCountedTwiceWhileThreadsRecordAcrossTheBinding() throws Exception {
    StartupMeasurements buffer = new StartupMeasurements(1_000_000);
    EarlyInstrument.Counter counter = new EarlyInstrument.Counter(buffer, "c", "{x}", "counter");
    int threads = 4;
    int perThread = 50_000;
    CountDownLatch halfway = new CountDownLatch(threads);
    List<Thread> recorders = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      Thread recorder = new Thread(() -> {
        for (int i = 0; i < perThread; i++) {
          counter.add(1, ROUTE_A);
          if (i == perThread / 2) {
            halfway.countDown();
          }
        }
      });
      recorders.add(recorder);
      recorder.start();
    }
    halfway.await();
    buffer.bindAndReplay(List.of(counter), sdkMeter);
    for (Thread recorder : recorders) {
      recorder.join();
    }

    assertThat(longSum(new ArrayList<>(reader.collectAllMetrics()), "c", ROUTE_A)).isEqualTo((long) threads * perThread);
  }

  @Test
  void anInstrumentTheSdkRefusesIsBoundToNothingAndNeverBuffersAgain() {
    StartupMeasurements buffer = new StartupMeasurements(1_000);
    EarlyInstrument.Counter refused = new EarlyInstrument.Counter(buffer, "refused", "{x}", "refused");
    EarlyInstrument.Counter accepted = new EarlyInstrument.Counter(buffer, "accepted", "{x}", "accepted");
    refused.add(1, ROUTE_A);
    accepted.add(1, ROUTE_A);
    Meter refusing = (Meter) Proxy.newProxyInstance(Meter.class.getClassLoader(), new Class<?>[] {Meter.class},
        (proxy, method, args) -> {
          if (method.getName().equals("counterBuilder") && "refused".equals(args[0])) {
            throw new IllegalStateException("refused by the SDK");
          }
          return method.invoke(sdkMeter, args);
        });

    buffer.bindAndReplay(List.of(refused, accepted), refusing);
    refused.add(1, ROUTE_A);
    accepted.add(1, ROUTE_A);

    assertThat(buffer.buffered()).isZero();
    List<MetricData> metrics = new ArrayList<>(reader.collectAllMetrics());
    assertThat(longSum(metrics, "accepted", ROUTE_A)).isEqualTo(2);
    assertThat(metrics).noneMatch(m -> m.getName().equals("refused"));
  }

  private static MetricData metric(List<MetricData> metrics, String name) {
    return metrics.stream().filter(m -> m.getName().equals(name)).findFirst().orElseThrow();
  }

  private static long longSum(List<MetricData> metrics, String name, Attributes attributes) {
    return metric(metrics, name).getLongSumData().getPoints().stream()
        .filter(p -> p.getAttributes().equals(attributes)).mapToLong(p -> p.getValue()).sum();
  }
}
