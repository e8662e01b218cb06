package dev.earshot.agent.it.http;

import static dev.earshot.agent.it.http.HttpMetrics.APPLICATION_ERRORS;
import static dev.earshot.agent.it.http.HttpMetrics.DURATION_COUNT;
import static dev.earshot.agent.it.http.HttpMetrics.active;
import static dev.earshot.agent.it.http.HttpMetrics.countsByRoute;
import static org.assertj.core.api.Assertions.assertThat;

import dev.earshot.agent.it.support.AgentProcess;
import dev.earshot.agent.it.support.PrometheusText;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The packaged sample assistant (Javalin 7 on Jetty 12), started with {@code java -jar} under the
 * agent exactly as a user would. Routes come from Javalin's endpoint templates; exceptions that
 * Javalin turns into a 500 are typed and counted.
 *
 * <p>Needs {@code sample-app/target/earshot-sample-app.jar} (or {@code -Dearshot.it.sample.jar}):
 * the sample app must be packaged before the agent's integration tests run.
 */
class SampleAppIT {

  private static AgentProcess app;
  private static Client client;

  @BeforeAll
  static void start() {
    Path jar = sampleJar();
    app = AgentProcess.builder("sample").name("SampleAppIT").jar(jar.toString())
        .args("--port", "0", "--host", "127.0.0.1", "--session-rate-limit", "3", "--session-rate-window-seconds", "60")
        .start();
    String port = app.awaitOutput("Earshot sample assistant listening on http://[^ ]+:(\\d+)", Duration.ofSeconds(60)).group(1);
    client = new Client("http://127.0.0.1:" + port);
    app.scrape();
  }

  static Path sampleJar() {
    String configured = System.getProperty("earshot.it.sample.jar");
    Path jar = (configured != null ? Paths.get(configured) : Paths.get("..", "sample-app", "target", "earshot-sample-app.jar"))
        .toAbsolutePath().normalize();
    if (!Files.isRegularFile(jar)) {
      throw new AssertionError("the sample app jar " + jar + " does not exist: package the sample-app module before the agent's"
          + " integration tests run (mvn -pl sample-app package), or point -Dearshot.it.sample.jar at it");
    }
    return jar;
  }

  @AfterAll
  static void stop() {
    if (app != null) {
      app.close();
    }
  }

  @Test
  void javalinRoutesStatusesAndErrorsAreMeasured() {
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      HttpResponse<String> created = client.send(client.request("/api/sessions")
          .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{\"voice\":\"alloy\"}")).build());
      assertThat(created.statusCode()).isEqualTo(201);
      String location = created.headers().firstValue("Location").orElseThrow();
      assertThat(location).startsWith("/api/sessions/");
      ids.add(location.substring("/api/sessions/".length()));
    }
    HttpResponse<String> limited = client.send(client.request("/api/sessions")
        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{}")).build());
    assertThat(limited.statusCode()).isEqualTo(429);

    for (String id : ids.subList(0, 2)) {
      HttpResponse<String> found = client.get("/api/sessions/" + id);
      assertThat(found.statusCode()).isEqualTo(200);
      assertThat(found.body()).contains(id);
    }
    assertThat(client.get("/api/sessions/" + UUID.randomUUID()).statusCode()).isEqualTo(404);
    assertThat(client.get("/api/debug/fail").statusCode()).isEqualTo(500);
    HttpResponse<String> health = client.get("/health");
    assertThat(health.statusCode()).isEqualTo(200);
    assertThat(health.body()).contains("ok");

    PrometheusText metrics = app.scrapeUntil(m -> m.sum(DURATION_COUNT) >= 9, Duration.ofSeconds(15));
    assertThat(countsByRoute(metrics)).isEqualTo(Map.of(
        "/api/sessions", 4L, "/api/sessions/{id}", 3L, "/api/debug/fail", 1L, "/health", 1L));

    assertThat(metrics.value(DURATION_COUNT, "http_route", "/api/sessions", "http_request_method", "POST",
        "http_response_status_code", "201")).isEqualTo(3);
    assertThat(metrics.value(DURATION_COUNT, "http_route", "/api/sessions", "http_request_method", "POST",
        "http_response_status_code", "429")).isEqualTo(1);
    assertThat(metrics.value(DURATION_COUNT, "http_route", "/api/sessions/{id}", "http_request_method", "GET",
        "http_response_status_code", "200")).isEqualTo(2);
    assertThat(metrics.value(DURATION_COUNT, "http_route", "/api/sessions/{id}", "http_request_method", "GET",
        "http_response_status_code", "404")).isEqualTo(1);
    assertThat(metrics.value(DURATION_COUNT, "http_route", "/api/debug/fail", "http_response_status_code", "500",
        "error_type", "java.lang.IllegalStateException")).isEqualTo(1);
    assertThat(metrics.value(DURATION_COUNT, "http_route", "/health", "http_request_method", "GET",
        "http_response_status_code", "200")).isEqualTo(1);
    // Handled exceptions (rate limit, not found) are responses, not application errors.
    assertThat(metrics.series(DURATION_COUNT).stream().filter(s -> s.label("error_type") != null).toList())
        .singleElement().satisfies(s -> assertThat(s.label("http_route")).isEqualTo("/api/debug/fail"));
    assertThat(metrics.value(APPLICATION_ERRORS, "error_type", "java.lang.IllegalStateException", "error_source", "http"))
        .isEqualTo(1);
    assertThat(metrics.sum(APPLICATION_ERRORS)).isEqualTo(1);
    assertThat(active(metrics)).isZero();
    assertThat(metrics.sum(HttpMetrics.AGENT_ERRORS)).isZero();
  }
}
