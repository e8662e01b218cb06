package dev.earshot.agent.it.http;

import static dev.earshot.agent.it.http.HttpMetrics.DURATION_BUCKET;
import static dev.earshot.agent.it.http.HttpMetrics.DURATION_COUNT;
import static org.assertj.core.api.Assertions.assertThat;

import dev.earshot.agent.it.support.AgentProcess;
import dev.earshot.agent.it.support.PrometheusText;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * A client sending endless distinct paths cannot grow the metric: past
 * {@code earshot.http.max-routes} (100 by default) every new route is {@code OTHER}, and no request
 * goes uncounted; {@code earshot.agent.cardinality.overflows} tells how many routes were folded.
 */
class RouteCardinalityIT {

  private static final String CONSONANTS = "bcdfghjklmnpqrstvwxz";
  private static final String OVERFLOWS = "earshot_agent_cardinality_overflows_total";

  @Test
  void tenThousandDistinctPathsMakeAtMost101RoutesOnTheJettyDefaultServlet() throws Exception {
    try (AgentProcess app = AgentProcess.builder("dev.earshot.testapps.http.JettyServletApp").name("RouteCardinalityIT-jetty").start()) {
      String base = "http://127.0.0.1:" + app.awaitOutput("READY port=(\\d+)", Duration.ofSeconds(60)).group(1);
      app.scrape();

      long started = System.nanoTime();
      sendAll(base, distinctWordPaths(10_000, 1), 8);
      long tookMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);

      PrometheusText metrics = app.scrapeUntil(m -> m.sum(DURATION_COUNT) >= 10_000, Duration.ofSeconds(30));
      Set<String> routes = metrics.labelValues(DURATION_COUNT, "http_route");
      assertThat(routes).hasSize(101).contains("OTHER");
      assertThat(routes).allSatisfy(route -> assertThat(route).matches("OTHER|/r/[a-z]+"));
      assertThat((long) metrics.sum(DURATION_COUNT)).isEqualTo(10_000);
      // The first 100 distinct routes keep their names (one request each); the other 9,900 are OTHER.
      assertThat(metrics.value(DURATION_COUNT, "http_route", "OTHER")).isEqualTo(9_900);
      assertThat(metrics.labelValues(DURATION_BUCKET, "http_route")).hasSize(101);
      assertThat(HttpMetrics.active(metrics)).isZero();
      // Every route that did not fit counted once; no other bound was touched.
      assertThat(metrics.value(OVERFLOWS, "earshot_attribute", "http.route")).isEqualTo(9_900);
      assertThat(metrics.sum(OVERFLOWS)).isEqualTo(9_900);
      assertThat(tookMs).as("10,000 requests took %d ms", tookMs).isLessThan(45_000);
    }
  }

  @Test
  void maxRoutesSettingBoundsTheRoutesOfTheJdkServer() throws Exception {
    try (AgentProcess app = AgentProcess.builder("dev.earshot.testapps.JdkServerApp")
        .name("RouteCardinalityIT-jdk").jvm("-Dearshot.http.max-routes=5").start()) {
      String base = "http://127.0.0.1:" + app.awaitOutput("READY port=(\\d+)", Duration.ofSeconds(60)).group(1);
      app.scrape();

      // The JDK server answers a kept-alive connection only every ~40 ms (Nagle against delayed
      // ACK, with or without the agent): many connections, few requests.
      sendAll(base, distinctWordPaths(300, 2), 32);

      PrometheusText metrics = app.scrapeUntil(m -> m.sum(DURATION_COUNT) >= 300, Duration.ofSeconds(30));
      Set<String> routes = metrics.labelValues(DURATION_COUNT, "http_route");
      assertThat(routes).hasSize(6).contains("OTHER");
      assertThat((long) metrics.sum(DURATION_COUNT)).isEqualTo(300);
      assertThat(metrics.value(DURATION_COUNT, "http_route", "OTHER")).isEqualTo(295);
      assertThat(metrics.value(OVERFLOWS, "earshot_attribute", "http.route")).isEqualTo(295);

      // The same paths again: known values, refused or kept, are not counted again.
      sendAll(base, distinctWordPaths(300, 2), 32);
      metrics = app.scrapeUntil(m -> m.sum(DURATION_COUNT) >= 600, Duration.ofSeconds(30));
      assertThat(metrics.value(DURATION_COUNT, "http_route", "OTHER")).isEqualTo(590);
      assertThat(metrics.value(OVERFLOWS, "earshot_attribute", "http.route")).isEqualTo(295);
    }
  }

  /**
   * {@code /r/<consonants>}: letters only, never id-like, so each is a distinct route unless
   * bounded; without vowels no path can contain the test apps' magic words (boom, slow, missing).
   */
  private static List<String> distinctWordPaths(int count, long seed) {
    Random random = new Random(seed);
    Set<String> paths = new LinkedHashSet<>();
    while (paths.size() < count) {
      StringBuilder word = new StringBuilder("/r/");
      int length = 8 + random.nextInt(8);
      for (int i = 0; i < length; i++) {
        word.append(CONSONANTS.charAt(random.nextInt(CONSONANTS.length())));
      }
      paths.add(word.toString());
    }
    return new ArrayList<>(paths);
  }

  /** Sends every path once, at most {@code concurrency} in flight, and checks that each answers 200. */
  private static void sendAll(String base, List<String> paths, int concurrency) throws Exception {
    Semaphore inFlight = new Semaphore(concurrency);
    AtomicInteger wrong = new AtomicInteger();
    List<CompletableFuture<?>> all = new ArrayList<>(paths.size());
    for (String path : paths) {
      if (!inFlight.tryAcquire(30, TimeUnit.SECONDS)) {
        throw new AssertionError("a request did not finish within 30 s");
      }
      HttpRequest request = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30)).GET().build();
      all.add(Client.HTTP_1_1.sendAsync(request, HttpResponse.BodyHandlers.discarding()).whenComplete((response, error) -> {
        inFlight.release();
        if (error != null || response.statusCode() != 200) {
          wrong.incrementAndGet();
        }
      }));
    }
    CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
    assertThat(wrong.get()).as("requests that failed or had another status").isZero();
  }
}
