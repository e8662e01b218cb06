package dev.earshot.agent.it.spring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.earshot.agent.it.support.AgentProcess;
import dev.earshot.agent.it.support.Http;
import dev.earshot.agent.it.support.PrometheusText;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** A real Spring MVC application: the route is the controller's pattern, unhandled exceptions are typed by their root cause. */
class SpringMvcIT {

  @Test
  void routesAreTheControllersPatternsAndFailuresAreTypedByRootCause() {
    try (AgentProcess app = AgentProcess.builder("dev.earshot.testapps.spring.SpringMvcApp").start()) {
      String base = "http://127.0.0.1:" + app.awaitOutput("READY port=(\\d+)", Duration.ofSeconds(60)).group(1);
      app.scrape();
      for (String id : new String[] {"1", "abc", "3f2b8c1e-9d4a-4b6e-8f00-1234567890ab"}) {
        assertThat(Http.get(base + "/api/things/" + id).body()).isEqualTo("thing " + id);
      }
      assertThat(Http.get(base + "/api/things/7/fail").statusCode()).isEqualTo(500);

      PrometheusText metrics = app.scrapeUntil(
          m -> m.sum("application_errors_total") == 1 && m.sum("http_server_request_duration_seconds_count") == 4,
          Duration.ofSeconds(10));
      assertThat(metrics.value("http_server_request_duration_seconds_count",
          "http_route", "/api/things/{thingId}", "http_request_method", "GET", "http_response_status_code", "200"))
          .isEqualTo(3);
      assertThat(metrics.value("http_server_request_duration_seconds_count",
          "http_route", "/api/things/{thingId}/fail", "http_response_status_code", "500",
          "error_type", "java.lang.IllegalStateException"))
          .isEqualTo(1);
      assertThat(metrics.value("application_errors_total", "error_type", "java.lang.IllegalStateException", "error_source", "http"))
          .isEqualTo(1);
      assertThat(metrics.value("http_server_active_requests", "http_request_method", "GET", "url_scheme", "http")).isEqualTo(0);
    }
  }
}
