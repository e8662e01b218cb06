package dev.earshot.agent.core;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.metrics.Meter;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Hands the OpenTelemetry SDK to the recorders once it is built.
 *
 * <p>The SDK is built on a background thread so that the application's startup does not wait for
 * exporters to start. Recorders create their instruments in a {@link #whenReady} callback and
 * record nothing before that; the few requests served in the first milliseconds of a JVM are the
 * price of not slowing every start.
 */
public final class Telemetry {

  public static final String INSTRUMENTATION_SCOPE = "dev.earshot.agent";

  private static final List<Consumer<OpenTelemetry>> waiting = new ArrayList<>();
  private static OpenTelemetry ready;

  private Telemetry() {}

  /** Runs the callback with the SDK now if it is built, else as soon as it is. */
  public static void whenReady(Consumer<OpenTelemetry> callback) {
    OpenTelemetry now;
    synchronized (waiting) {
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

  static void publish(OpenTelemetry openTelemetry) {
    List<Consumer<OpenTelemetry>> callbacks;
    synchronized (waiting) {
      ready = openTelemetry;
      callbacks = new ArrayList<>(waiting);
      waiting.clear();
    }
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
