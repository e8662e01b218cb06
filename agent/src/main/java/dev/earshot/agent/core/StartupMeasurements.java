package dev.earshot.agent.core;

import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.metrics.Meter;
import io.opentelemetry.api.metrics.MeterProvider;
import java.util.List;

/**
 * Measurements taken before the OpenTelemetry SDK exists, held until the {@link EarlyInstrument}s
 * are bound to the SDK's instruments and replayed into them, in order.
 *
 * <p>Bounded: at most {@code capacity} measurements (16 bytes each, allocated in chunks as they
 * come, so an application that does nothing in its first second costs nothing); beyond that they
 * are counted and dropped. Recording threads take a lock here, but only in the window before the
 * SDK is ready: once bound, an instrument never comes back.
 */
final class StartupMeasurements {

  private static final int CHUNK = 4_096;

  private final Object lock = new Object();
  private final int capacity;
  private EarlyInstrument<?>[][] instruments;
  private long[][] values;
  private Attributes[][] attributes;
  private int size;
  private int replayed;
  private long dropped;

  StartupMeasurements(int capacity) {
    this.capacity = capacity;
    int chunks = (capacity + CHUNK - 1) / CHUNK;
    instruments = new EarlyInstrument<?>[chunks][];
    values = new long[chunks][];
    attributes = new Attributes[chunks][];
  }

  int capacity() {
    return capacity;
  }

  /** One measurement of an instrument not yet published; a double travels as its raw bits. */
  void record(EarlyInstrument<?> instrument, long bits, Attributes measurementAttributes) {
    synchronized (lock) {
      if (instrument.isPublished()) {
        // Bound while this thread waited for the lock: everything buffered is already replayed.
        instrument.replay(bits, measurementAttributes);
        return;
      }
      if (size == capacity || instruments == null) {
        dropped++;
        return;
      }
      int chunk = size / CHUNK;
      int slot = size % CHUNK;
      if (instruments[chunk] == null) {
        int length = Math.min(CHUNK, capacity - chunk * CHUNK);
        instruments[chunk] = new EarlyInstrument<?>[length];
        values[chunk] = new long[length];
        attributes[chunk] = new Attributes[length];
      }
      instruments[chunk][slot] = instrument;
      values[chunk][slot] = bits;
      attributes[chunk][slot] = measurementAttributes;
      size++;
    }
  }

  /**
   * Binds every instrument to {@code meter} (to a no-op where the SDK refuses one: an unbound
   * instrument would take this lock on every measurement), replays the buffered measurements, then
   * publishes the instruments, all under the lock that {@link #record} takes: no measurement can
   * reach the SDK ahead of an older buffered one (a gauge's last value stays the last), and none is
   * lost in between. The buffer is released.
   *
   * @return how many measurements did not fit and were dropped
   */
  long bindAndReplay(List<EarlyInstrument<?>> early, Meter meter) {
    synchronized (lock) {
      for (EarlyInstrument<?> instrument : early) {
        try {
          instrument.bind(meter);
        } catch (Throwable t) {
          SelfErrors.record(t, "core", "binding instrument " + instrument.name);
          instrument.bind(MeterProvider.noop().get(Telemetry.INSTRUMENTATION_SCOPE));
        }
      }
      for (int i = 0; i < size; i++) {
        int chunk = i / CHUNK;
        int slot = i % CHUNK;
        try {
          instruments[chunk][slot].replay(values[chunk][slot], attributes[chunk][slot]);
        } catch (Throwable t) {
          SelfErrors.record(t, "core", "replaying a measurement taken before the SDK was ready");
        }
      }
      for (EarlyInstrument<?> instrument : early) {
        instrument.publish();
      }
      replayed = size;
      instruments = null;
      values = null;
      attributes = null;
      size = 0;
      return dropped;
    }
  }

  /** How many measurements are waiting. */
  int buffered() {
    synchronized (lock) {
      return size;
    }
  }

  /** How many buffered measurements {@link #bindAndReplay} replayed. */
  int replayed() {
    synchronized (lock) {
      return replayed;
    }
  }
}
