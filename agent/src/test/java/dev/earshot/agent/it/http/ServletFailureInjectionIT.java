package dev.earshot.agent.it.http;

import static dev.earshot.agent.it.http.HttpMetrics.AGENT_ERRORS;
import static dev.earshot.agent.it.http.HttpMetrics.DURATION_COUNT;
import static dev.earshot.agent.it.http.HttpMetrics.active;
import static org.assertj.core.api.Assertions.assertThat;

import dev.earshot.agent.it.support.AgentProcess;
import dev.earshot.agent.it.support.PrometheusText;
import dev.earshot.testapps.http.TestServlets;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A failure inside the recording path leaves the application's response unchanged: the Jetty
 * servlet behind {@code /poison} sets Spring's pattern attribute to an object whose
 * {@code toString()} throws, so reading the route throws inside the agent's exit advice.
 */
class ServletFailureInjectionIT {

  private static AgentProcess app;
  private static Client client;

  @BeforeAll
  static void start() {
    app = AgentProcess.builder("dev.earshot.testapps.http.JettyServletApp").name("ServletFailureInjectionIT").start();
    client = new Client("http://127.0.0.1:" + app.awaitOutput("READY port=(\\d+)", Duration.ofSeconds(60)).group(1));
    app.scrape();
  }

  @AfterAll
  static void stop() {
    app.close();
  }

  @Test
  void failureWhileRecordingIsCountedLoggedOnceAndInvisibleToTheClient() {
    assertPoisonedResponseIntact(client.get("/poison"));

    PrometheusText metrics = app.scrapeUntil(m -> m.sum(AGENT_ERRORS) >= 1 && m.sum(DURATION_COUNT) >= 1, Duration.ofSeconds(15));
    assertThat(metrics.value(AGENT_ERRORS, "earshot_instrumentation", "jakarta-servlet")).isEqualTo(1);
    assertThat(metrics.sum(AGENT_ERRORS)).isEqualTo(1);
    assertThat(active(metrics)).as("the failed request left the active count").isZero();
    List<String> warnings = suppressedWarnings();
    assertThat(warnings).hasSize(1);
    assertThat(warnings.get(0))
        .contains("java.lang.IllegalStateException")
        .contains("jakarta-servlet")
        .doesNotContain("poisoned toString"); // class and frame only, never the message

    assertPoisonedResponseIntact(client.get("/poison"));
    assertPoisonedResponseIntact(client.get("/poison"));

    metrics = app.scrapeUntil(m -> m.sum(AGENT_ERRORS) >= 3 && m.sum(DURATION_COUNT) >= 3, Duration.ofSeconds(15));
    assertThat(metrics.value(AGENT_ERRORS, "earshot_instrumentation", "jakarta-servlet")).isEqualTo(3);
    // The requests are still measured; their route could not be read, so they count as OTHER.
    assertThat(metrics.value(DURATION_COUNT, "http_route", "OTHER", "http_response_status_code", "203")).isEqualTo(3);
    assertThat(metrics.sum(DURATION_COUNT)).isEqualTo(3);
    assertThat(active(metrics)).isZero();
    assertThat(suppressedWarnings()).as("logged once per site, however often it fails").hasSize(1);

    // The server is unharmed: an ordinary request on the same connection pool still works and is measured.
    HttpResponse<String> items = client.get("/api/items");
    assertThat(items.statusCode()).isEqualTo(200);
    assertThat(items.body()).isEqualTo("items");
    metrics = app.scrapeUntil(m -> m.sum(DURATION_COUNT) >= 4, Duration.ofSeconds(15));
    assertThat(metrics.value(DURATION_COUNT, "http_route", "/api/items", "http_response_status_code", "200")).isEqualTo(1);
    assertThat(metrics.sum(AGENT_ERRORS)).isEqualTo(3);
  }

  private static void assertPoisonedResponseIntact(HttpResponse<String> response) {
    assertThat(response.statusCode()).isEqualTo(203);
    assertThat(response.body()).isEqualTo(TestServlets.POISON_BODY);
    assertThat(response.headers().firstValue("X-Test")).hasValue("poisoned");
    assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("text/plain"));
  }

  private static List<String> suppressedWarnings() {
    return Arrays.stream(app.output().split("\n")).filter(line -> line.startsWith("[earshot] WARN suppressed")).toList();
  }
}
