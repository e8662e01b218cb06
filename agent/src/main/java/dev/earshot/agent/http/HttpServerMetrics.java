package dev.earshot.agent.http;

import dev.earshot.agent.core.Settings;
import dev.earshot.agent.core.Telemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.AttributesBuilder;
import io.opentelemetry.api.metrics.DoubleHistogram;
import io.opentelemetry.api.metrics.LongCounter;
import io.opentelemetry.api.metrics.LongUpDownCounter;
import java.util.List;

/**
 * The HTTP server recorder: owns {@code http.server.request.duration},
 * {@code http.server.active_requests} and the HTTP share of {@code application.errors}. Server
 * libraries adapt their request and response to the calls below and nothing else.
 *
 * <p>Hot path: {@link #requestStarted} and {@link #requestFinished} run on every request; once a
 * combination of method, scheme, status, route and error has been seen they allocate nothing.
 */
public final class HttpServerMetrics {

  /**
   * Request attribute through which a framework module hands its route template (relative to the
   * context path) to the server instrumentation, e.g. Javalin's endpoint path.
   */
  public static final String ROUTE_REQUEST_ATTRIBUTE = "dev.earshot.http.route";

  /**
   * Request attribute through which a framework module reports an exception that its own error
   * handling turned into a response (it escaped the application's handler but not the framework).
   */
  public static final String ERROR_REQUEST_ATTRIBUTE = "dev.earshot.http.error";

  static final AttributeKey<String> METHOD = AttributeKey.stringKey("http.request.method");
  static final AttributeKey<String> SCHEME = AttributeKey.stringKey("url.scheme");
  static final AttributeKey<Long> STATUS = AttributeKey.longKey("http.response.status_code");
  static final AttributeKey<String> ROUTE = AttributeKey.stringKey("http.route");
  static final AttributeKey<String> ERROR_TYPE = AttributeKey.stringKey("error.type");
  static final AttributeKey<String> ERROR_SOURCE = AttributeKey.stringKey("error.source");

  /** Semantic-convention advice for http.server.request.duration, seconds. */
  static final List<Double> DURATION_BUCKETS =
      List.of(0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1.0, 2.5, 5.0, 7.5, 10.0);

  private static final class Instruments {
    final DoubleHistogram duration;
    final LongUpDownCounter active;
    final LongCounter applicationErrors;
    /** [method index][0 = http, 1 = https] */
    final Attributes[][] activeAttributes = new Attributes[HttpMethods.NAMES.length][2];

    Instruments() {
      duration = Telemetry.histogram("http.server.request.duration", "s", "Duration of HTTP server requests.", DURATION_BUCKETS);
      active = Telemetry.upDownCounter("http.server.active_requests", "{request}", "Number of active HTTP server requests.");
      applicationErrors = ApplicationErrors.counter();
      for (int m = 0; m < HttpMethods.NAMES.length; m++) {
        activeAttributes[m][0] = Attributes.of(METHOD, HttpMethods.NAMES[m], SCHEME, "http");
        activeAttributes[m][1] = Attributes.of(METHOD, HttpMethods.NAMES[m], SCHEME, "https");
      }
    }
  }

  private static final Instruments instruments = new Instruments();
  private static volatile RouteTable routes;

  private HttpServerMetrics() {}

  /**
   * A request enters the application.
   *
   * @return its start time in nanoseconds, never 0 (0 stands for "not measured" in the helpers);
   *     pass it back to {@link #requestFinished}
   */
  public static long requestStarted(String method, String scheme) {
    Instruments i = instruments;
    i.active.add(1, i.activeAttributes[HttpMethods.index(method)][schemeIndex(scheme)]);
    long now = System.nanoTime();
    return now == 0 ? 1 : now;
  }

  /**
   * The response is complete.
   *
   * @param startNanos what {@link #requestStarted} returned; 0 means "not measured" and records nothing
   * @param statusCode the response status, or a negative number when none was sent
   * @param error a throwable that escaped the application's handler, else null
   */
  public static void requestFinished(long startNanos, String method, String scheme, int statusCode, Route route, Throwable error) {
    Instruments i = instruments;
    if (startNanos == 0) {
      return;
    }
    double seconds = (System.nanoTime() - startNanos) / 1e9;
    int methodIndex = HttpMethods.index(method);
    int schemeIndex = schemeIndex(scheme);
    i.active.add(-1, i.activeAttributes[methodIndex][schemeIndex]);
    ErrorTypes.ErrorType errorType = error == null ? null : ErrorTypes.of(error);
    Route r = route != null ? route : routes().forTemplate(null);
    i.duration.record(seconds, durationAttributes(r, methodIndex, schemeIndex, statusCode, errorType));
    if (errorType != null) {
      i.applicationErrors.add(1, ApplicationErrors.attributes(errorType, ApplicationErrors.SOURCE_HTTP));
    }
  }

  /** The route of a framework's template ({@code /api/sessions/{id}}), bounded like every route. */
  public static Route routeFromTemplate(String template) {
    return routes().forTemplate(template);
  }

  /** The route of a raw request path, id-like segments replaced, bounded. */
  public static Route routeFromPath(String rawPath) {
    return routes().forPath(rawPath);
  }

  private static RouteTable routes() {
    RouteTable table = routes;
    if (table == null) {
      synchronized (HttpServerMetrics.class) {
        table = routes;
        if (table == null) {
          routes = table = new RouteTable(Settings.current().httpMaxRoutes());
        }
      }
    }
    return table;
  }

  private static int schemeIndex(String scheme) {
    return "https".equals(scheme) ? 1 : 0;
  }

  private static Attributes durationAttributes(Route route, int methodIndex, int schemeIndex, int statusCode, ErrorTypes.ErrorType errorType) {
    int status = statusCode >= 100 && statusCode <= 999 ? statusCode : 0;
    // A server error without an exception is typed by its status code (semantic conventions).
    int errorId = errorType != null ? errorType.id : status >= 500 ? status : 0;
    long key = methodIndex | (long) schemeIndex << 4 | (long) status << 5 | (long) errorId << 15;
    Attributes cached = route.durationAttributes.get(key);
    if (cached != null) {
      return cached;
    }
    AttributesBuilder builder = Attributes.builder()
        .put(METHOD, HttpMethods.NAMES[methodIndex])
        .put(SCHEME, schemeIndex == 1 ? "https" : "http")
        .put(ROUTE, route.template);
    if (status != 0) {
      builder.put(STATUS, status);
    }
    if (errorType != null) {
      builder.put(ERROR_TYPE, errorType.name);
    } else if (status >= 500) {
      builder.put(ERROR_TYPE, Integer.toString(status));
    }
    return route.durationAttributes.putIfAbsent(key, builder.build());
  }
}
