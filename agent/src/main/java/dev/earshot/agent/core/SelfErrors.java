package dev.earshot.agent.core;

import dev.earshot.agent.bootstrap.AdviceErrors;
import dev.earshot.agent.bootstrap.AgentLog;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counts the agent's own failures ({@code earshot.agent.errors}, by instrumentation) and logs each
 * failing site once. A failure inside the agent costs a metric, never the application's request.
 *
 * <p>Counts are kept here and observed asynchronously, so failures that happen before the SDK is
 * built are not lost.
 */
public final class SelfErrors {

  static final AttributeKey<String> INSTRUMENTATION = AttributeKey.stringKey("earshot.instrumentation");

  private static final Map<String, LongAdder> counts = new ConcurrentHashMap<>();
  private static final Set<String> loggedSites = ConcurrentHashMap.newKeySet();
  private static final int MAX_LOGGED_SITES = 1000;

  private SelfErrors() {}

  /**
   * @param instrumentations names reported with 0 from the start, so that a series exists for
   *     alert expressions such as {@code increase(earshot_agent_errors_total[5m]) > 0}
   */
  static void install(Iterable<String> instrumentations) {
    counts.computeIfAbsent("core", name -> new LongAdder());
    for (String name : instrumentations) {
      counts.computeIfAbsent(name, key -> new LongAdder());
    }
    AdviceErrors.install(SelfErrors::record);
  }

  /**
   * Registers {@code earshot.agent.errors}. Called last in the agent's startup, after every
   * recorder present has its instruments: the appearance of this metric on an exporter marks the
   * agent as fully started (tests wait for it).
   */
  static void registerMetric(io.opentelemetry.api.OpenTelemetry openTelemetry) {
    io.opentelemetry.api.metrics.Meter meter = Telemetry.meter(openTelemetry);
    // The agent's other health metrics first: earshot.agent.errors must stay the last one.
    CardinalityLimit.registerMetric(meter);
    dev.earshot.agent.export.ExportHealth.registerMetrics(meter);
    meter
        .counterBuilder("earshot.agent.errors")
        .setUnit("{error}")
        .setDescription("Throwables raised inside the agent and suppressed so that the application is not affected.")
        .buildWithCallback(measurement -> counts.forEach(
            (instrumentation, count) -> measurement.record(count.sum(), Attributes.of(INSTRUMENTATION, instrumentation))));
  }

  /** Also used by agent code that runs outside advice (listeners, callbacks). Never throws. */
  public static void record(Throwable error, String instrumentation, String location) {
    try {
      counts.computeIfAbsent(instrumentation, name -> new LongAdder()).increment();
      String site = instrumentation + " at " + location;
      if (loggedSites.size() < MAX_LOGGED_SITES && loggedSites.add(site)) {
        // Class and first frame only: a message may quote application data (a header, a body).
        StackTraceElement[] frames = error.getStackTrace();
        String where = frames.length > 0 ? " at " + frames[0] : "";
        AgentLog.warn("suppressed " + error.getClass().getName() + where + " in " + site + " (logged once per site)");
        if (AgentLog.isDebugEnabled()) {
          error.printStackTrace();
        }
      }
    } catch (Throwable ignored) {
      // Nothing may escape.
    }
  }
}
