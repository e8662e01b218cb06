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
abstract class EarlyInstrument<T> {

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

  /** The SDK's instrument, from binding on; recording threads see it only once published. */
  private T bound;
  /** Read on every measurement: null while measurements are buffered, then the SDK's instrument. */
  volatile T published;

  /** The SDK's instrument of this name, unit and description. */
  abstract T create(Meter meter);

  /** Records one buffered measurement on the SDK's instrument. */
  abstract void replayOn(T instrument, long bits, Attributes attributes);

  /** Creates the SDK's instrument; not yet visible to recording threads (see {@link #publish}). */
  final void bind(Meter meter) {
    bound = create(meter);
  }

  /** Records one buffered measurement on the bound SDK instrument. */
  final void replay(long bits, Attributes attributes) {
    replayOn(bound, bits, attributes);
  }

  /** Makes the bound instrument the one every later measurement goes to. */
  final void publish() {
    published = bound;
  }

  final boolean isPublished() {
    return published != null;
  }

  static final class Counter extends EarlyInstrument<LongCounter> implements LongCounter {
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
    LongCounter create(Meter meter) {
      return meter.counterBuilder(name).setUnit(unit).setDescription(description).build();
    }

    @Override
    void replayOn(LongCounter instrument, long bits, Attributes attributes) {
      instrument.add(bits, attributes);
    }
  }

  static final class UpDownCounter extends EarlyInstrument<LongUpDownCounter> implements LongUpDownCounter {
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
    LongUpDownCounter create(Meter meter) {
      return meter.upDownCounterBuilder(name).setUnit(unit).setDescription(description).build();
    }

    @Override
    void replayOn(LongUpDownCounter instrument, long bits, Attributes attributes) {
      instrument.add(bits, attributes);
    }
  }

  static final class Histogram extends EarlyInstrument<DoubleHistogram> implements DoubleHistogram {
    private final List<Double> buckets;

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
    DoubleHistogram create(Meter meter) {
      return meter.histogramBuilder(name).setUnit(unit).setDescription(description).setExplicitBucketBoundariesAdvice(buckets).build();
    }

    @Override
    void replayOn(DoubleHistogram instrument, long bits, Attributes attributes) {
      instrument.record(Double.longBitsToDouble(bits), attributes);
    }
  }

  static final class WholeHistogram extends EarlyInstrument<LongHistogram> implements LongHistogram {
    private final List<Long> buckets;

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
    LongHistogram create(Meter meter) {
      return meter.histogramBuilder(name).ofLongs().setUnit(unit).setDescription(description)
          .setExplicitBucketBoundariesAdvice(buckets).build();
    }

    @Override
    void replayOn(LongHistogram instrument, long bits, Attributes attributes) {
      instrument.record(bits, attributes);
    }
  }

  static final class Gauge extends EarlyInstrument<LongGauge> implements LongGauge {
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
    LongGauge create(Meter meter) {
      return meter.gaugeBuilder(name).ofLongs().setUnit(unit).setDescription(description).build();
    }

    @Override
    void replayOn(LongGauge instrument, long bits, Attributes attributes) {
      instrument.set(bits, attributes);
    }
  }
}
