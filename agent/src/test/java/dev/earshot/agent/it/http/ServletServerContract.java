package dev.earshot.agent.it.http;

import static dev.earshot.agent.it.http.HttpMetrics.APPLICATION_ERRORS;
import static dev.earshot.agent.it.http.HttpMetrics.DURATION_COUNT;
import static dev.earshot.agent.it.http.HttpMetrics.DURATION_SUM;
import static dev.earshot.agent.it.http.HttpMetrics.active;
import static dev.earshot.agent.it.http.HttpMetrics.bucket;
import static dev.earshot.agent.it.http.HttpMetrics.count;
import static dev.earshot.agent.it.http.HttpMetrics.countsByRoute;
import static org.assertj.core.api.Assertions.assertThat;

import dev.earshot.agent.it.support.AgentProcess;
import dev.earshot.agent.it.support.PrometheusText;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * What every servlet container must show under the agent, whatever its internals: one JVM per
 * container class, exact request counts per route, status and method, bucket placement of
 * asynchronous requests, and errors. Each test records what it sent; the last one checks that the
 * endpoint shows exactly those requests and nothing else (no double counting of filters, forwards,
 * async or error dispatches).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
abstract class ServletServerContract {

  static final String FAILURE = "dev.earshot.testapps.http.ServletFailure";

  AgentProcess app;
  Client client;
  /** Route -> requests sent by the tests of this class so far. */
  private final Map<String, Long> sent = new TreeMap<>();

  /** Starts the container application under the agent; it prints {@code READY port=N}. */
  abstract AgentProcess startApp();

  @BeforeAll
  void start() {
    app = startApp();
    client = new Client("http://127.0.0.1:" + app.awaitOutput("READY port=(\\d+)", Duration.ofSeconds(60)).group(1));
    app.scrape(); // the SDK is up: requests from now on are measured
  }

  @AfterAll
  void stop() {
    if (app != null) {
      app.close();
    }
  }

  /** Sends a GET, checks status and (when given) body, and notes one request for the route. */
  HttpResponse<String> get(String path, String route, int status, String body) {
    return send(client.request(path).GET().build(), route, status, body);
  }

  HttpResponse<String> send(HttpRequest request, String route, int status, String body) {
    HttpResponse<String> response = client.send(request);
    sent(route, 1); // before the checks: a wrong answer must not shift the counts of later tests
    assertThat(response.statusCode()).as(request.method() + " " + request.uri()).isEqualTo(status);
    if (body != null) {
      assertThat(response.body()).as(request.method() + " " + request.uri()).isEqualTo(body);
    }
    return response;
  }

  synchronized void sent(String route, long requests) {
    sent.merge(route, requests, Long::sum);
  }

  synchronized long sentTotal() {
    return sent.values().stream().mapToLong(Long::longValue).sum();
  }

  /** Scrapes until every request sent so far is recorded (the response can reach the client first). */
  PrometheusText awaitRecorded() {
    long expected = sentTotal();
    PrometheusText metrics = app.scrapeUntil(m -> m.sum(DURATION_COUNT) >= expected, Duration.ofSeconds(10));
    assertThat((long) metrics.sum(DURATION_COUNT)).as("requests recorded").isEqualTo(expected);
    return metrics;
  }

  @Test
  @Order(1)
  void exactMappingIsTheRouteAndMethodsAreBounded() {
    for (int i = 0; i < 3; i++) {
      get("/api/items", "/api/items", 200, "items");
    }
    send(client.request("/api/items").POST(HttpRequest.BodyPublishers.ofString("{}")).build(), "/api/items", 200, "items");
    // An invented method is reported as _OTHER: clients cannot mint label values.
    send(client.request("/api/items").method("PROPFIND", HttpRequest.BodyPublishers.noBody()).build(), "/api/items", 200, "items");

    PrometheusText metrics = awaitRecorded();
    assertThat(metrics.value(DURATION_COUNT, "http_route", "/api/items", "http_request_method", "GET",
        "http_response_status_code", "200", "url_scheme", "http")).isEqualTo(3);
    assertThat(metrics.value(DURATION_COUNT, "http_route", "/api/items", "http_request_method", "POST")).isEqualTo(1);
    assertThat(metrics.value(DURATION_COUNT, "http_route", "/api/items", "http_request_method", "_OTHER")).isEqualTo(1);
    assertThat(metrics.labelValues(DURATION_COUNT, "http_request_method")).doesNotContain("PROPFIND");
    assertThat(metrics.series(DURATION_COUNT, "http_route", "/api/items")).allSatisfy(s -> assertThat(s.label("error_type")).isNull());
  }

  @Test
  @Order(2)
  void pathMappingIsTheRoute() {
    get("/files/a/b.txt", "/files/*", 200, "file");
    get("/files/report-2024.pdf", "/files/*", 200, "file");

    PrometheusText metrics = awaitRecorded();
    assertThat(metrics.value(DURATION_COUNT, "http_route", "/files/*", "http_response_status_code", "200")).isEqualTo(2);
    assertThat(metrics.labelValues(DURATION_COUNT, "http_route")).doesNotContain("/files/a/b.txt", "/files/report-2024.pdf");
  }

  @Test
  @Order(3)
  void extensionMappingIsTheRouteUnderTheContextPath() {
    get("/reports/2024/summary.json", "/*.json", 200, "report");
    get("/status.json", "/*.json", 200, "report");

    PrometheusText metrics = awaitRecorded();
    assertThat(metrics.value(DURATION_COUNT, "http_route", "/*.json", "http_response_status_code", "200")).isEqualTo(2);
    assertThat(metrics.labelValues(DURATION_COUNT, "http_route")).doesNotContain("*.json");
  }

  @Test
  @Order(4)
  void forwardAndIncludeAreNotRequestsOfTheirOwn() {
    get("/forward", "/forward", 200, "items");
    get("/include", "/include", 200, "included:items");

    PrometheusText metrics = awaitRecorded();
    assertThat(metrics.value(DURATION_COUNT, "http_route", "/forward", "http_response_status_code", "200")).isEqualTo(1);
    assertThat(metrics.value(DURATION_COUNT, "http_route", "/include", "http_response_status_code", "200")).isEqualTo(1);
    // The target of the forward and the include was not counted again: only the 5 direct requests.
    assertThat(count(metrics, "http_route", "/api/items")).isEqualTo(5);
  }

  @Test
  @Order(5)
  void filterThatAnswersItselfIsMeasured() {
    // The 401 is rendered by an error page: an ERROR dispatch that is not a second request.
    get("/secure/report", "/secure/*", 401, "error page for 401");
    get("/secure/report", "/secure/*", 401, "error page for 401");
    send(client.request("/secure/report").header("X-Token", "letmein").GET().build(), "/secure/*", 200, "secret");

    PrometheusText metrics = awaitRecorded();
    assertThat(metrics.value(DURATION_COUNT, "http_route", "/secure/*", "http_response_status_code", "401")).isEqualTo(2);
    assertThat(metrics.value(DURATION_COUNT, "http_route", "/secure/*", "http_response_status_code", "200")).isEqualTo(1);
    // 4xx is the client's error, not the server's.
    assertThat(metrics.series(DURATION_COUNT, "http_route", "/secure/*")).allSatisfy(s -> assertThat(s.label("error_type")).isNull());
    assertThat(metrics.labelValues(DURATION_COUNT, "http_route")).doesNotContain("/error-page");
  }

  @Test
  @Order(6)
  void asyncRequestIsActiveUntilCompletedAndMeasuredAtCompletion() throws Exception {
    CompletableFuture<HttpResponse<String>> pending = client.sendAsync(client.request("/async-slow?ms=1200").GET().build());
    PrometheusText during = app.scrapeUntil(m -> active(m) == 1, Duration.ofSeconds(5));
    assertThat(active(during)).as("active while the async request is pending").isEqualTo(1);
    assertThat(count(during, "http_route", "/async-slow")).as("not recorded before completion").isZero();
    HttpResponse<String> slow = pending.get(20, TimeUnit.SECONDS);
    assertThat(slow.statusCode()).isEqualTo(200);
    assertThat(slow.body()).isEqualTo("async done");
    sent("/async-slow", 1);

    get("/async", "/async", 200, "async done"); // completes 150 ms later from another thread

    PrometheusText metrics = awaitRecorded();
    assertThat(bucket(metrics, "/async-slow", "1.0")).isZero();
    assertThat(bucket(metrics, "/async-slow", "2.5")).isEqualTo(1);
    assertThat(bucket(metrics, "/async", "0.1")).isZero();
    assertThat(bucket(metrics, "/async", "0.25")).isEqualTo(1);
    assertThat(metrics.value(DURATION_SUM, "http_route", "/async")).isGreaterThanOrEqualTo(0.15);
    assertThat(metrics.value(DURATION_COUNT, "http_route", "/async", "http_response_status_code", "200")).isEqualTo(1);
    assertThat(active(metrics)).isZero();
  }

  @Test
  @Order(7)
  void asyncRequestsCompletedImmediatelyAreEachCountedOnce() {
    // The completing thread races the handler's return: the listener may be added after complete().
    for (int i = 0; i < 20; i++) {
      get("/async-fast?ms=0", "/async-fast", 200, "async done");
    }
    PrometheusText metrics = awaitRecorded();
    assertThat(metrics.value(DURATION_COUNT, "http_route", "/async-fast", "http_response_status_code", "200")).isEqualTo(20);
    assertThat(active(metrics)).isZero();
  }

  @Test
  @Order(8)
  void asyncRequestTimedOutByTheContainerIsMeasuredOnce() {
    HttpResponse<String> response = get("/async-fast?ms=-1&timeout=300", "/async-fast", 500, null);
    assertThat(response.body()).doesNotContain("async done");

    PrometheusText metrics = awaitRecorded();
    // No exception escaped the application: the server error is typed by its status.
    assertThat(metrics.value(DURATION_COUNT, "http_route", "/async-fast", "http_response_status_code", "500", "error_type", "500"))
        .isEqualTo(1);
    assertThat(bucket(metrics, "/async-fast", "0.25")).as("fast requests only").isEqualTo(20);
    assertThat(active(metrics)).isZero();
    assertThat(metrics.sum(APPLICATION_ERRORS)).isZero();
  }

  @Test
  @Order(9)
  void exceptionFromServletIsA500TypedByItsClass() {
    get("/boom", "/boom", 500, "error page for 500"); // rendered in an ERROR dispatch

    PrometheusText metrics = awaitRecorded();
    assertThat(metrics.value(DURATION_COUNT, "http_route", "/boom", "http_response_status_code", "500", "error_type", FAILURE))
        .isEqualTo(1);
    assertThat(metrics.series(DURATION_COUNT, "http_route", "/boom")).hasSize(1);
    assertThat(metrics.value(APPLICATION_ERRORS, "error_type", FAILURE, "error_source", "http")).isEqualTo(1);
    assertThat(metrics.sum(APPLICATION_ERRORS)).isEqualTo(1);
    assertThat(metrics.labelValues(DURATION_COUNT, "http_route")).doesNotContain("/error-page");
  }

  @Test
  @Order(10)
  void statusSetByTheServletIsRecorded() {
    get("/limited", "/limited", 429, "slow down");
    get("/limited", "/limited", 429, "slow down");

    PrometheusText metrics = awaitRecorded();
    assertThat(metrics.value(DURATION_COUNT, "http_route", "/limited", "http_response_status_code", "429")).isEqualTo(2);
    assertThat(metrics.series(DURATION_COUNT, "http_route", "/limited").get(0).label("error_type")).isNull();
  }

  @Test
  @Order(11)
  void springBestMatchingPatternIsTheRoute() {
    get("/api/things/42", "/api/things/{thingId}", 200, "thing");
    get("/api/things/blue-widget", "/api/things/{thingId}", 200, "thing");

    PrometheusText metrics = awaitRecorded();
    assertThat(metrics.value(DURATION_COUNT, "http_route", "/api/things/{thingId}", "http_response_status_code", "200")).isEqualTo(2);
    assertThat(metrics.labelValues(DURATION_COUNT, "http_route")).doesNotContain("/api/things/*", "/api/things/{id}");
  }

  @Test
  @Order(1000)
  void everyRequestCountedExactlyOnceAndNoneLeftActive() {
    PrometheusText metrics = awaitRecorded();
    Map<String, Long> expected;
    synchronized (this) {
      expected = new TreeMap<>(sent);
    }
    assertThat(countsByRoute(metrics)).isEqualTo(expected);
    assertThat(active(metrics)).isZero();
    assertThat(metrics.series(HttpMetrics.ACTIVE)).isNotEmpty().allSatisfy(s -> assertThat(s.value()).isZero());
    assertThat(metrics.sum(HttpMetrics.AGENT_ERRORS)).as("agent errors").isZero();
  }
}
