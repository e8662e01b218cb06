package dev.earshot.agent.it.http;

import static dev.earshot.agent.it.http.HttpMetrics.DURATION_COUNT;
import static dev.earshot.agent.it.http.HttpMetrics.active;
import static dev.earshot.agent.it.http.HttpMetrics.bucket;
import static org.assertj.core.api.Assertions.assertThat;

import dev.earshot.agent.it.support.AgentProcess;
import dev.earshot.agent.it.support.PrometheusText;
import java.nio.file.Path;
import java.nio.file.Paths;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/**
 * Embedded Tomcat 11 under the built agent; the common cases are in {@link ServletServerContract}.
 * Tomcat renders 404s and the servlet's exception through an error page (an ERROR dispatch) and
 * answers the async-dispatch case in an ASYNC dispatch: neither may be counted as a second request.
 */
class TomcatServletIT extends ServletServerContract {

  @Override
  AgentProcess startApp() {
    Path base = Paths.get("target", "tomcat-it-" + System.nanoTime()).toAbsolutePath();
    return AgentProcess.builder("dev.earshot.testapps.http.TomcatServletApp").name("TomcatServletIT").args(base.toString()).start();
  }

  @Test
  @Order(20)
  void notFoundFromDefaultServletIsCountedOnceDespiteTheErrorPage() {
    get("/nothing/here.txt", "/nothing/here.txt", 404, "error page for 404");
    get("/missing/12345", "/missing/{id}", 404, "error page for 404");

    PrometheusText metrics = awaitRecorded();
    assertThat(metrics.value(DURATION_COUNT, "http_route", "/nothing/here.txt", "http_response_status_code", "404")).isEqualTo(1);
    assertThat(metrics.value(DURATION_COUNT, "http_route", "/missing/{id}", "http_response_status_code", "404")).isEqualTo(1);
    assertThat(metrics.labelValues(DURATION_COUNT, "http_route")).doesNotContain("/error-page");
  }

  @Test
  @Order(21)
  void exceptionRenderedByAnErrorPageIsCountedOnce() {
    get("/boom", "/boom", 500, "error page for 500");

    PrometheusText metrics = awaitRecorded();
    assertThat(metrics.value(DURATION_COUNT, "http_route", "/boom", "http_response_status_code", "500", "error_type", FAILURE))
        .isEqualTo(2);
    assertThat(metrics.value(HttpMetrics.APPLICATION_ERRORS, "error_type", FAILURE, "error_source", "http")).isEqualTo(2);
    assertThat(metrics.labelValues(DURATION_COUNT, "http_route")).doesNotContain("/error-page");
  }

  @Test
  @Order(22)
  void asyncDispatchIsNotASecondRequest() {
    get("/async?ms=150&dispatch=true", "/async", 200, "async dispatched");

    PrometheusText metrics = awaitRecorded();
    // The plain /async request of the contract plus this one, both above 100 ms.
    assertThat(metrics.value(DURATION_COUNT, "http_route", "/async", "http_response_status_code", "200")).isEqualTo(2);
    assertThat(bucket(metrics, "/async", "0.1")).isZero();
    assertThat(bucket(metrics, "/async", "0.25")).isEqualTo(2);
    assertThat(active(metrics)).isZero();
  }
}
