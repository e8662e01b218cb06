package dev.earshot.bench;

import dev.earshot.agent.http.HttpServerMetrics;
import dev.earshot.agent.http.Route;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The per-request cost of the HTTP server recorder, the work every instrumented request adds:
 * active-request increment, duration histogram and active-request decrement with cached attributes
 * on a real OpenTelemetry SDK (the same SDK configuration as the agent: no exemplars), plus the
 * route lookup of an already-seen raw path. Run with {@code -prof gc} to see the allocation per
 * operation, which must be 0 in steady state.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Benchmark)
public class HttpServerRecorderBenchmark {

  private OpenTelemetrySdk sdk;
  private Route templateRoute;
  private final String rawPath = new String("/api/sessions/3f2b8c1e-9d4a-4b6e-8f00-1234567890ab");
  /** A template that comes after earshot.http.max-routes (100) others: reported as OTHER. */
  private final String foldedTemplate = new String("/beyond/the/bound");

  @Setup
  public void setUp() throws Exception {
    sdk = RecorderSdk.install();
    templateRoute = HttpServerMetrics.routeFromTemplate("/api/sessions/{id}");
    requestWithTemplateRoute();
    requestWithRawPath();
    for (int i = 0; i < 100; i++) {
      HttpServerMetrics.routeFromTemplate("/filler/" + i);
    }
    requestWithTemplateFoldedIntoOther();
  }

  @TearDown
  public void tearDown() {
    sdk.close();
  }

  /** A request whose framework supplied the route template (Javalin, Spring MVC). */
  @Benchmark
  public void requestWithTemplateRoute() {
    long start = HttpServerMetrics.requestStarted("GET", "http");
    HttpServerMetrics.requestFinished(start, "GET", "http", 200, templateRoute, null);
  }

  /**
   * A request whose template did not fit in the route table: looked up among the refused ones
   * (counted once, when first refused), no lock, reported as OTHER.
   */
  @Benchmark
  public void requestWithTemplateFoldedIntoOther() {
    long start = HttpServerMetrics.requestStarted("GET", "http");
    HttpServerMetrics.requestFinished(start, "GET", "http", 200, HttpServerMetrics.routeFromTemplate(foldedTemplate), null);
  }

  /** A request on a server without templates: the raw path is normalised (memoised) first. */
  @Benchmark
  public void requestWithRawPath() {
    long start = HttpServerMetrics.requestStarted("POST", "http");
    HttpServerMetrics.requestFinished(start, "POST", "http", 201, HttpServerMetrics.routeFromPath(rawPath), null);
  }
}
