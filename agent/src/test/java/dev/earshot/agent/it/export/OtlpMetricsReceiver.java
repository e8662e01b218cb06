package dev.earshot.agent.it.export;

import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.InstrumentationScope;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.metrics.v1.HistogramDataPoint;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import io.opentelemetry.proto.metrics.v1.ScopeMetrics;
import io.opentelemetry.proto.resource.v1.Resource;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * An in-test OTLP metrics receiver on 127.0.0.1: keeps every {@code ExportMetricsServiceRequest}
 * it was sent, decoded with the OTLP protobuf classes (not with the SDK that produced them).
 */
public abstract class OtlpMetricsReceiver implements AutoCloseable {

  /** One histogram point as received, with the resource, scope and metric it was sent under. */
  record HistogramPoint(Resource resource, InstrumentationScope scope, Metric metric, HistogramDataPoint point) {
    Map<String, Object> attributes() {
      return OtlpMetricsReceiver.attributes(point.getAttributesList());
    }

    Map<String, Object> resourceAttributes() {
      return OtlpMetricsReceiver.attributes(resource.getAttributesList());
    }
  }

  private final List<ExportMetricsServiceRequest> requests = new CopyOnWriteArrayList<>();

  /** The base URL to put in {@code OTEL_EXPORTER_OTLP_ENDPOINT}. */
  public abstract String endpoint();

  @Override
  public abstract void close();

  protected final void received(ExportMetricsServiceRequest request) {
    requests.add(request);
  }

  public List<ExportMetricsServiceRequest> requests() {
    return List.copyOf(requests);
  }

  /** Waits for the first export: the agent's SDK is running from then on. */
  public void awaitFirstExport(Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (requests.isEmpty()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("no OTLP export reached " + endpoint() + " within " + timeout);
      }
      sleep(20);
    }
  }

  /** The most recent point of a histogram metric whose {@code http.route} is the given one. */
  Optional<HistogramPoint> latestHistogramPoint(String metricName, String route) {
    HistogramPoint latest = null;
    for (ExportMetricsServiceRequest request : requests) {
      for (HistogramPoint point : histogramPoints(request, metricName, route)) {
        latest = point;
      }
    }
    return Optional.ofNullable(latest);
  }

  /** The largest count ever received for that route (cumulative points only grow). */
  long maxCount(String metricName, String route) {
    long max = 0;
    for (ExportMetricsServiceRequest request : requests) {
      for (HistogramPoint point : histogramPoints(request, metricName, route)) {
        max = Math.max(max, point.point().getCount());
      }
    }
    return max;
  }

  /** Waits until the latest point of that route has exactly {@code count} measurements. */
  HistogramPoint awaitHistogramCount(String metricName, String route, long count, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      Optional<HistogramPoint> latest = latestHistogramPoint(metricName, route);
      if (latest.isPresent() && latest.get().point().getCount() == count) {
        return latest.get();
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError("no " + metricName + " point for http.route=" + route + " with count " + count
            + " within " + timeout + "; latest: " + latest.map(p -> p.point().toString()).orElse("none")
            + "; " + requests.size() + " exports received");
      }
      sleep(50);
    }
  }

  private static List<HistogramPoint> histogramPoints(ExportMetricsServiceRequest request, String metricName, String route) {
    List<HistogramPoint> points = new java.util.ArrayList<>();
    for (ResourceMetrics resourceMetrics : request.getResourceMetricsList()) {
      for (ScopeMetrics scopeMetrics : resourceMetrics.getScopeMetricsList()) {
        for (Metric metric : scopeMetrics.getMetricsList()) {
          if (!metric.getName().equals(metricName) || !metric.hasHistogram()) {
            continue;
          }
          for (HistogramDataPoint point : metric.getHistogram().getDataPointsList()) {
            if (route.equals(attributes(point.getAttributesList()).get("http.route"))) {
              points.add(new HistogramPoint(resourceMetrics.getResource(), scopeMetrics.getScope(), metric, point));
            }
          }
        }
      }
    }
    return points;
  }

  /** OTLP attributes as Java values: String, Long, Double or Boolean. */
  public static Map<String, Object> attributes(List<KeyValue> keyValues) {
    Map<String, Object> map = new TreeMap<>();
    for (KeyValue keyValue : keyValues) {
      AnyValue value = keyValue.getValue();
      Object javaValue = switch (value.getValueCase()) {
        case STRING_VALUE -> value.getStringValue();
        case INT_VALUE -> value.getIntValue();
        case DOUBLE_VALUE -> value.getDoubleValue();
        case BOOL_VALUE -> value.getBoolValue();
        default -> value.toString();
      };
      map.put(keyValue.getKey(), javaValue);
    }
    return map;
  }

  static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
