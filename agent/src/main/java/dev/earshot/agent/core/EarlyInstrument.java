package dev.earshot.agent.core;

import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.metrics.DoubleHistogram;
import io.opentelemetry.api.metrics.LongCounter;
import io.opentelemetry.api.metrics.LongGauge;
import io.opentelemetry.api.metrics.LongHistogram;
import io.opentelemetry.api.metrics.LongUpDownCounter;
import io.opentelemetry.api.metrics.Meter;
import io.opentelemetry.context.Context;
import java.util.List;

/**
 * An instrument a recorder holds from the agent's first moment, before the OpenTelemetry SDK is
 * built. Until {@link Telemetry} binds it to the SDK's instrument of the same name, measurements go
 * to a bounded {@link StartupMeasurements} buffer and are replayed at binding; afterwards every
 * call is one volatile read and a call on the SDK's instrument.
 *
 * <p>The SDK is built on a background thread because loading it takes hundreds of milliseconds
 * that premain must not cost; these stand-ins are what lets a request served in that window be
 * measured all the same.
 */
abstract class EarlyInstrument {

  final String name;
  final String unit;
  final String description;

  final StartupMeasurements buffer;

  EarlyInstrument(StartupMeasurements buffer, String name, String unit, String description) {
    this.buffer = buffer;
    this.name = name;
    this.unit = unit;
    this.description = description;
  }

  /** Creates the SDK's instrument; not yet visible to recording threads (see {@link #publish}). */
  abstract void bind(Meter meter);

  /** Records one buffered measurement on the bound SDK instrument. */
  abstract void replay(long bits, Attributes attributes);

  /** Makes the bound instrument the one every later measurement goes to. */
  abstract void publish();

  abstract boolean isPublished();

  static final class Counter extends EarlyInstrument implements LongCounter {
    private LongCounter bound;
    private volatile LongCounter published;

    Counter(StartupMeasurements buffer, String name, String unit, String description) {
      super(buffer, name, unit, description);
    }

    @Override
    public void add(long value) {
      add(value, Attributes.empty());
    }

    @Override
    public void add(long value, Attributes attributes) {
      LongCounter target = published;
      if (target != null) {
        target.add(value, attributes);
      } else {
        buffer.record(this, value, attributes);
      }
    }

    @Override
    public void add(long value, Attributes attributes, Context context) {
      add(value, attributes);
    }

    @Override
    void bind(Meter meter) {
      bound = meter.counterBuilder(name).setUnit(unit).setDescription(description).build();
    }

    @Override
    void replay(long bits, Attributes attributes) {
      bound.add(bits, attributes);
    }

    @Override
    void publish() {
      published = bound;
    }

    @Override
    boolean isPublished() {
      return published != null;
    }
  }

  static final class UpDownCounter extends EarlyInstrument implements LongUpDownCounter {
    private LongUpDownCounter bound;
    private volatile LongUpDownCounter published;

    UpDownCounter(StartupMeasurements buffer, String name, String unit, String description) {
      super(buffer, name, unit, description);
    }

    @Override
    public void add(long value) {
      add(value, Attributes.empty());
    }

    @Override
    public void add(long value, Attributes attributes) {
      LongUpDownCounter target = published;
      if (target != null) {
        target.add(value, attributes);
      } else {
        buffer.record(this, value, attributes);
      }
    }

    @Override
    public void add(long value, Attributes attributes, Context context) {
      add(value, attributes);
    }

    @Override
    void bind(Meter meter) {
      bound = meter.upDownCounterBuilder(name).setUnit(unit).setDescription(description).build();
    }

    @Override
    void replay(long bits, Attributes attributes) {
      bound.add(bits, attributes);
    }

    @Override
    void publish() {
      published = bound;
    }

    @Override
    boolean isPublished() {
      return published != null;
    }
  }

  static final class Histogram extends EarlyInstrument implements DoubleHistogram {
    private final List<Double> buckets;
    private DoubleHistogram bound;
    private volatile DoubleHistogram published;

    Histogram(StartupMeasurements buffer, String name, String unit, String description, List<Double> buckets) {
      super(buffer, name, unit, description);
      this.buckets = buckets;
    }

    @Override
    public void record(double value) {
      record(value, Attributes.empty());
    }

    @Override
    public void record(double value, Attributes attributes) {
      DoubleHistogram target = published;
      if (target != null) {
        target.record(value, attributes);
      } else {
        buffer.record(this, Double.doubleToRawLongBits(value), attributes);
      }
    }

    @Override
    public void record(double value, Attributes attributes, Context context) {
      record(value, attributes);
    }

    @Override
    void bind(Meter meter) {
      bound = meter.histogramBuilder(name).setUnit(unit).setDescription(description).setExplicitBucketBoundariesAdvice(buckets).build();
    }

    @Override
    void replay(long bits, Attributes attributes) {
      bound.record(Double.longBitsToDouble(bits), attributes);
    }

    @Override
    void publish() {
      published = bound;
    }

    @Override
    boolean isPublished() {
      return published != null;
    }
  }

  static final class WholeHistogram extends EarlyInstrument implements LongHistogram {
    private final List<Long> buckets;
    private LongHistogram bound;
    private volatile LongHistogram published;

    WholeHistogram(StartupMeasurements buffer, String name, String unit, String description, List<Long> buckets) {
      super(buffer, name, unit, description);
      this.buckets = buckets;
    }

    @Override
    public void record(long value) {
      record(value, Attributes.empty());
    }

    @Override
    public void record(long value, Attributes attributes) {
      LongHistogram target = published;
      if (target != null) {
        target.record(value, attributes);
      } else {
        buffer.record(this, value, attributes);
      }
    }

    @Override
    public void record(long value, Attributes attributes, Context context) {
      record(value, attributes);
    }

    @Override
    void bind(Meter meter) {
      bound = meter.histogramBuilder(name).ofLongs().setUnit(unit).setDescription(description)
          .setExplicitBucketBoundariesAdvice(buckets).build();
    }

    @Override
    void replay(long bits, Attributes attributes) {
      bound.record(bits, attributes);
    }

    @Override
    void publish() {
      published = bound;
    }

    @Override
    boolean isPublished() {
      return published != null;
    }
  }

  static final class Gauge extends EarlyInstrument implements LongGauge {
    private LongGauge bound;
    private volatile LongGauge published;

    Gauge(StartupMeasurements buffer, String name, String unit, String description) {
      super(buffer, name, unit, description);
    }

    @Override
    public void set(long value) {
      set(value, Attributes.empty());
    }

    @Override
    public void set(long value, Attributes attributes) {
      LongGauge target = published;
      if (target != null) {
        target.set(value, attributes);
      } else {
        buffer.record(this, value, attributes);
      }
    }

    @Override
    public void set(long value, Attributes attributes, Context context) {
      set(value, attributes);
    }

    @Override
    void bind(Meter meter) {
      bound = meter.gaugeBuilder(name).ofLongs().setUnit(unit).setDescription(description).build();
    }

    @Override
    void replay(long bits, Attributes attributes) {
      bound.set(bits, attributes);
    }

    @Override
    void publish() {
      published = bound;
    }

    @Override
    boolean isPublished() {
      return published != null;
    }
  }
}
