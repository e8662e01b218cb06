package dev.earshot.agent.export;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.metrics.Meter;
import io.opentelemetry.exporter.prometheus.PrometheusHttpServer;
import io.opentelemetry.sdk.metrics.export.MetricExporter;
import io.opentelemetry.sdk.metrics.export.MetricReader;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.DoubleAdder;
import java.util.concurrent.atomic.LongAdder;

/**
 * The health of metrics export, on the agent's own metrics, so that a sick agent shows on the
 * dashboard.
 *
 * <p>The OTLP exporters (http/protobuf and grpc) and the periodic reader that drives push
 * exporters measure themselves with the semantic conventions' SDK metrics
 * ({@code otel.sdk.exporter.*}, {@code otel.sdk.metric_reader.collection.duration}) once
 * {@code otel.experimental.sdk.telemetry.version} is {@code latest}, which the agent makes its
 * default ({@link #SDK_DEFAULTS}). Every other exporter (the logging/console exporter, any exporter
 * found through SPI) and the Prometheus endpoint's collections are wrapped here and counted in
 * {@code earshot.agent.exports} and {@code earshot.agent.export.time}.
 *
 * <p>Counts live here and are observed asynchronously: exports and scrapes that happen while the
 * SDK is still being built are not lost, and the wrappers need no instrument of their own.
 */
public final class ExportHealth {

  /** OpenTelemetry settings the agent defaults (the user's own settings win). */
  static final Map<String, String> SDK_DEFAULTS = Map.of("otel.experimental.sdk.telemetry.version", "latest");

  static final AttributeKey<String> COMPONENT_TYPE = AttributeKey.stringKey("otel.component.type");
  static final AttributeKey<String> ERROR_TYPE = AttributeKey.stringKey("error.type");
  /** The semantic conventions' component type of the Prometheus endpoint. */
  static final String PROMETHEUS = "prometheus_http_text_metric_exporter";
  static final String OTHER_ERROR = "_OTHER";
  /** Distinct error types per component; later ones are reported as {@value #OTHER_ERROR}. */
  static final int MAX_ERROR_TYPES = 20;

  private static final Map<String, Component> components = new ConcurrentHashMap<>();

  private ExportHealth() {}

  /**
   * The exporter as the SDK should use it: measured, unless the SDK measures it itself (OTLP).
   * Never throws: an exporter that cannot be wrapped is returned as it is.
   */
  static MetricExporter measured(MetricExporter exporter) {
    try {
      if (exporter == null || measuresItself(exporter) || exporter instanceof MeasuredMetricExporter) {
        return exporter;
      }
      return new MeasuredMetricExporter(exporter, component(componentType(exporter)));
    } catch (Throwable t) {
      return exporter;
    }
  }

  /** The reader as the SDK should use it: the Prometheus endpoint measured, every other one as it is. */
  static MetricReader measured(MetricReader reader) {
    try {
      if (reader instanceof PrometheusHttpServer) {
        return new MeasuredMetricReader(reader, component(PROMETHEUS));
      }
      return reader;
    } catch (Throwable t) {
      return reader;
    }
  }

  /** The OTLP exporters record {@code otel.sdk.exporter.*} themselves. */
  private static boolean measuresItself(MetricExporter exporter) {
    String name = exporter.getClass().getName();
    return name.startsWith("io.opentelemetry.exporter.otlp.");
  }

  /**
   * {@code logging_metric_exporter} for the SDK's logging ("console", "logging") exporter; for any
   * other its class's simple name in snake case ({@code MyVendorMetricExporter} →
   * {@code my_vendor_metric_exporter}): a handful of classes, so a bounded label.
   */
  static String componentType(MetricExporter exporter) {
    String simple = exporter.getClass().getSimpleName();
    if (simple.isEmpty()) {
      simple = "MetricExporter";
    }
    StringBuilder snake = new StringBuilder(simple.length() + 8);
    for (int i = 0; i < simple.length(); i++) {
      char c = simple.charAt(i);
      if (Character.isUpperCase(c) && i > 0 && !Character.isUpperCase(simple.charAt(i - 1))) {
        snake.append('_');
      }
      snake.append(Character.isLetterOrDigit(c) ? Character.toLowerCase(c) : '_');
    }
    return snake.toString().toLowerCase(Locale.ROOT);
  }

  static Component component(String type) {
    return components.computeIfAbsent(type, Component::new);
  }

  /** Registers {@code earshot.agent.exports} and {@code earshot.agent.export.time}. */
  public static void registerMetrics(Meter meter) {
    meter.counterBuilder("earshot.agent.exports")
        .setUnit("{export}")
        .setDescription("Exports by the exporters the OpenTelemetry SDK does not measure itself (Prometheus scrapes, the logging"
            + " exporter), with error.type when one failed.")
        .buildWithCallback(measurement -> components.values().forEach(component -> component.observeExports(measurement)));
    meter.counterBuilder("earshot.agent.export.time")
        .ofDoubles()
        .setUnit("s")
        .setDescription("Time spent in those exports: a push's export call to its completion, a scrape's collection of every metric.")
        .buildWithCallback(measurement -> components.values().forEach(
            component -> measurement.record(component.seconds.sum(), component.attributes)));
  }

  /** The counts of one exporter (by component type). */
  static final class Component {
    final String type;
    final Attributes attributes;
    final LongAdder succeeded = new LongAdder();
    final DoubleAdder seconds = new DoubleAdder();
    private final Map<String, Failures> failures = new ConcurrentHashMap<>();

    Component(String type) {
      this.type = type;
      this.attributes = Attributes.of(COMPONENT_TYPE, type);
    }

    void succeeded(long nanos) {
      succeeded.increment();
      seconds.add(nanos / 1e9);
    }

    void failed(Throwable error, long nanos) {
      failed(error == null ? OTHER_ERROR : error.getClass().getName(), nanos);
    }

    void failed(String errorType, long nanos) {
      Failures count = failures.get(errorType);
      if (count == null) {
        count = failures.size() < MAX_ERROR_TYPES
            ? failures.computeIfAbsent(errorType, name -> new Failures(attributes, name))
            : failures.computeIfAbsent(OTHER_ERROR, name -> new Failures(attributes, name));
      }
      count.count.increment();
      seconds.add(nanos / 1e9);
    }

    long failed() {
      return failures.values().stream().mapToLong(f -> f.count.sum()).sum();
    }

    private void observeExports(io.opentelemetry.api.metrics.ObservableLongMeasurement measurement) {
      measurement.record(succeeded.sum(), attributes);
      failures.values().forEach(f -> measurement.record(f.count.sum(), f.attributes));
    }
  }

  private static final class Failures {
    final Attributes attributes;
    final LongAdder count = new LongAdder();

    Failures(Attributes component, String errorType) {
      this.attributes = component.toBuilder().put(ERROR_TYPE, errorType).build();
    }
  }
}
