package dev.earshot.agent.it.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.earshot.agent.it.support.AgentProcess;
import dev.earshot.agent.it.support.Http;
import dev.earshot.agent.it.support.PrometheusText;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The JDK's com.sun.net.httpserver under the built agent. */
class JdkHttpServerIT {

  private static AgentProcess app;
  private static String base;

  @BeforeAll
  static void start() {
    app = AgentProcess.builder("dev.earshot.testapps.JdkServerApp").start();
    base = "http://127.0.0.1:" + app.awaitOutput("READY port=(\\d+)", Duration.ofSeconds(30)).group(1);
    app.scrape(); // the SDK is up: requests from now on are measured
  }

  @AfterAll
  static void stop() {
    app.close();
  }

  @Test
  void countsRequestsByNormalisedRouteStatusAndMethod() {
    for (int i = 1; i <= 3; i++) {
      assertThat(Http.get(base + "/users/" + (1000 + i)).statusCode()).isEqualTo(200);
    }
    assertThat(Http.get(base + "/orders/3f2b8c1e-9d4a-4b6e-8f00-1234567890ab/missing").statusCode()).isEqualTo(404);
    assertThat(Http.get(base + "/slow").statusCode()).isEqualTo(200);

    PrometheusText metrics = app.scrapeUntil(
        m -> m.sum("http_server_request_duration_seconds_count", "http_route", "/slow") == 1, Duration.ofSeconds(10));
    assertThat(metrics.value("http_server_request_duration_seconds_count",
        "http_route", "/users/{id}", "http_request_method", "GET", "http_response_status_code", "200", "url_scheme", "http"))
        .isEqualTo(3);
    assertThat(metrics.value("http_server_request_duration_seconds_count",
        "http_route", "/orders/{id}/missing", "http_response_status_code", "404"))
        .isEqualTo(1);
    // 120 ms lands above the 0.1 s boundary and at or below 0.25 s.
    assertThat(metrics.value("http_server_request_duration_seconds_bucket", "http_route", "/slow", "le", "0.1")).isEqualTo(0);
    assertThat(metrics.value("http_server_request_duration_seconds_bucket", "http_route", "/slow", "le", "0.25")).isEqualTo(1);
    assertThat(metrics.value("http_server_active_requests", "http_request_method", "GET", "url_scheme", "http")).isEqualTo(0);
    // The agent's own metrics endpoint is not measured.
    assertThat(metrics.labelValues("http_server_request_duration_seconds_count", "http_route")).doesNotContain("/metrics");
  }

  @Test
  void anExceptionEscapingTheHandlerIsTypedAndCounted() {
    Http.get(base + "/teapot");
    try {
      // POST: java.net.http retries an idempotent GET once when the connection drops.
      Http.post(base + "/boom", "{}");
    } catch (RuntimeException expected) {
      // The JDK server closes the connection without a response when a handler throws.
    }
    PrometheusText metrics = app.scrapeUntil(
        m -> m.sum("application_errors_total") >= 1, Duration.ofSeconds(10));
    assertThat(metrics.value("http_server_request_duration_seconds_count",
        "http_route", "/boom", "http_request_method", "POST", "error_type", "java.lang.IllegalStateException")).isEqualTo(1);
    assertThat(metrics.series("http_server_request_duration_seconds_count", "http_route", "/boom").get(0).label("http_response_status_code"))
        .isNull();
    assertThat(metrics.value("application_errors_total", "error_type", "java.lang.IllegalStateException", "error_source", "http"))
        .isEqualTo(1);
    // A 4xx is not a server error: no error.type.
    assertThat(metrics.series("http_server_request_duration_seconds_count", "http_route", "/teapot").get(0).label("error_type")).isNull();
  }
}
