package dev.earshot.agent.core;

import dev.earshot.agent.bootstrap.AgentLog;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.metrics.DoubleHistogram;
import io.opentelemetry.api.metrics.LongCounter;
import io.opentelemetry.api.metrics.LongGauge;
import io.opentelemetry.api.metrics.LongHistogram;
import io.opentelemetry.api.metrics.LongUpDownCounter;
import io.opentelemetry.api.metrics.Meter;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * The agent's instruments, and the hand-over of the OpenTelemetry SDK to them.
 *
 * <p>Recorders create their synchronous instruments here, in their static initialisers, whenever
 * they are first used: from the agent's first moment on, an instrument exists and records. The SDK
 * is built on a background thread (loading it takes longer than premain may), so an instrument
 * created before it is ready is an {@link EarlyInstrument} whose measurements are buffered and
 * replayed once the SDK is published; one created afterwards is the SDK's own. Asynchronous
 * instruments (observed at collection time) are registered in a {@link #whenReady} callback: they
 * have nothing to buffer.
 */
public final class Telemetry {

  public static final String INSTRUMENTATION_SCOPE = "dev.earshot.agent";

  private static final Object lock = new Object();
  private static final List<Consumer<OpenTelemetry>> waiting = new ArrayList<>();
  private static final List<EarlyInstrument<?>> early = new ArrayList<>();
  /** 65,536 measurements, 1 MiB at most: seconds of a busy start. */
  private static final StartupMeasurements startupBuffer = new StartupMeasurements(65_536);
  private static OpenTelemetry ready;
  private static Meter meter;

  private Telemetry() {}

  public static LongCounter counter(String name, String unit, String description) {
    synchronized (lock) {
      return meter != null
          ? meter.counterBuilder(name).setUnit(unit).setDescription(description).build()
          : early(new EarlyInstrument.Counter(startupBuffer, name, unit, description));
    }
  }

  public static LongUpDownCounter upDownCounter(String name, String unit, String description) {
    synchronized (lock) {
      return meter != null
          ? meter.upDownCounterBuilder(name).setUnit(unit).setDescription(description).build()
          : early(new EarlyInstrument.UpDownCounter(startupBuffer, name, unit, description));
    }
  }

  /** @param buckets explicit bucket boundaries (the semantic conventions' advice where there is one) */
  public static DoubleHistogram histogram(String name, String unit, String description, List<Double> buckets) {
    synchronized (lock) {
      return meter != null
          ? meter.histogramBuilder(name).setUnit(unit).setDescription(description).setExplicitBucketBoundariesAdvice(buckets).build()
          : early(new EarlyInstrument.Histogram(startupBuffer, name, unit, description, List.copyOf(buckets)));
    }
  }

  /** A histogram of whole numbers (token counts). */
  public static LongHistogram wholeHistogram(String name, String unit, String description, List<Long> buckets) {
    synchronized (lock) {
      return meter != null
          ? meter.histogramBuilder(name).ofLongs().setUnit(unit).setDescription(description).setExplicitBucketBoundariesAdvice(buckets).build()
          : early(new EarlyInstrument.WholeHistogram(startupBuffer, name, unit, description, List.copyOf(buckets)));
    }
  }

  public static LongGauge gauge(String name, String unit, String description) {
    synchronized (lock) {
      return meter != null
          ? meter.gaugeBuilder(name).ofLongs().setUnit(unit).setDescription(description).build()
          : early(new EarlyInstrument.Gauge(startupBuffer, name, unit, description));
    }
  }

  private static <T extends EarlyInstrument<?>> T early(T instrument) {
    early.add(instrument);
    return instrument;
  }

  /** Runs the callback with the SDK now if it is built, else as soon as it is. */
  public static void whenReady(Consumer<OpenTelemetry> callback) {
    OpenTelemetry now;
    synchronized (lock) {
      now = ready;
      if (now == null) {
        waiting.add(callback);
        return;
      }
    }
    run(callback, now);
  }

  public static Meter meter(OpenTelemetry openTelemetry) {
    return openTelemetry.meterBuilder(INSTRUMENTATION_SCOPE).setInstrumentationVersion(AgentVersion.VERSION).build();
  }

  /**
   * Hands the SDK to every instrument and callback: early instruments are bound to the SDK's,
   * what they buffered is replayed, and from then on new instruments are the SDK's own.
   */
  static void publish(OpenTelemetry openTelemetry) {
    List<Consumer<OpenTelemetry>> callbacks;
    long dropped;
    synchronized (lock) {
      if (ready != null) {
        return;
      }
      Meter sdkMeter = meter(openTelemetry);
      dropped = startupBuffer.bindAndReplay(early, sdkMeter);
      early.clear();
      meter = sdkMeter;
      ready = openTelemetry;
      callbacks = new ArrayList<>(waiting);
      waiting.clear();
    }
    if (dropped > 0) {
      AgentLog.warn(dropped + " measurements taken before the metrics SDK was ready did not fit its startup buffer ("
          + startupBuffer.capacity() + ") and were dropped");
    }
    AgentLog.debug(startupBuffer.replayed() + " measurements taken before the metrics SDK was ready were replayed");
    callbacks.forEach(callback -> run(callback, openTelemetry));
  }

  private static void run(Consumer<OpenTelemetry> callback, OpenTelemetry openTelemetry) {
    try {
      callback.accept(openTelemetry);
    } catch (Throwable t) {
      SelfErrors.record(t, "core", "telemetry callback " + callback.getClass().getName());
    }
  }
}
