package dev.earshot.agent.http;

import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.metrics.LongCounter;
import dev.earshot.agent.core.Telemetry;

/**
 * {@code application.errors}: exceptions that escape the application's handlers, by
 * {@code error.type} (the exception class) and {@code error.source} (http, websocket). The seed's
 * application_errors_total.
 */
final class ApplicationErrors {

  static final int SOURCE_HTTP = 0;
  private static final String[] SOURCES = {"http"};

  private ApplicationErrors() {}

  static LongCounter counter() {
    return Telemetry.counter("application.errors", "{error}", "Exceptions that escaped the application's request handlers.");
  }

  static Attributes attributes(ErrorTypes.ErrorType type, int source) {
    Attributes[] cached = type.applicationErrorAttributes;
    Attributes attributes = cached[source];
    if (attributes == null) {
      attributes = Attributes.of(HttpServerMetrics.ERROR_TYPE, type.name, HttpServerMetrics.ERROR_SOURCE, SOURCES[source]);
      cached[source] = attributes;
    }
    return attributes;
  }
}
