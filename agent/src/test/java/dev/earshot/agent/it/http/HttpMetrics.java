package dev.earshot.agent.it.http;

import dev.earshot.agent.it.support.PrometheusText;
import java.util.Map;
import java.util.TreeMap;

/** Names and small queries over the HTTP server metrics as the Prometheus endpoint shows them. */
final class HttpMetrics {

  static final String DURATION_COUNT = "http_server_request_duration_seconds_count";
  static final String DURATION_BUCKET = "http_server_request_duration_seconds_bucket";
  static final String DURATION_SUM = "http_server_request_duration_seconds_sum";
  static final String ACTIVE = "http_server_active_requests";
  static final String APPLICATION_ERRORS = "application_errors_total";
  static final String AGENT_ERRORS = "earshot_agent_errors_total";

  private HttpMetrics() {}

  /** Requests counted with all the given labels, summed over every other label (0 when none). */
  static long count(PrometheusText metrics, String... labels) {
    return (long) metrics.sum(DURATION_COUNT, labels);
  }

  /** Requests counted per {@code http_route}. */
  static Map<String, Long> countsByRoute(PrometheusText metrics) {
    Map<String, Long> byRoute = new TreeMap<>();
    for (PrometheusText.Sample sample : metrics.series(DURATION_COUNT)) {
      byRoute.merge(sample.label("http_route"), (long) sample.value(), Long::sum);
    }
    return byRoute;
  }

  /** The cumulative bucket count at one boundary ({@code le} as Prometheus prints it, e.g. "0.25"). */
  static long bucket(PrometheusText metrics, String route, String le) {
    return (long) metrics.sum(DURATION_BUCKET, "http_route", route, "le", le);
  }

  /** Sum of http_server_active_requests over every method and scheme. */
  static long active(PrometheusText metrics) {
    return (long) metrics.sum(ACTIVE);
  }
}
