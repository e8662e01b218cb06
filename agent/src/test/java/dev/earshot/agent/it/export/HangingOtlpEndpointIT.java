package dev.earshot.agent.it.export;

import static org.assertj.core.api.Assertions.assertThat;

import dev.earshot.agent.it.support.AgentProcess;
import dev.earshot.agent.it.support.PrometheusText;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A Collector that accepts connections and never answers, and one that answers every export
 * slowly, against the same voice assistant with a working Collector, at the same time: the
 * application's requests keep their latency, the agent's memory and threads stay bounded while
 * exports fail, its output grows by a bounded number of warnings, and its own health metrics show
 * what happened. For OTLP over HTTP and over gRPC.
 *
 * <p>Each of the three sample assistants exports every 500 ms over OTLP and serves Prometheus,
 * which is where the test reads the agent's health metrics (a push to a hanging Collector cannot
 * report itself). The hanging one runs with a 1 s OTLP timeout so that a bounded run sees many
 * failed exports; the slow Collector answers after 1.5 s, three intervals, within the default
 * 10 s timeout.
 */
class HangingOtlpEndpointIT {

  private static final Path SAMPLE_APP = Paths.get("..", "sample-app", "target", "earshot-sample-app.jar");
  private static final long RUN_MILLIS = 25_000;
  private static final long EARLY_SAMPLE_MILLIS = 6_000;
  private static final Duration SLOW_ANSWER = Duration.ofMillis(1_500);
  /** Bounds of ExportFailureIT, which measured how much resident memory and live heap move by themselves. */
  private static final long RSS_GROWTH_LIMIT_KIB = 30 * 1024;
  private static final long LIVE_HEAP_GROWTH_LIMIT_KIB = 4 * 1024;
  private static final String OPERATIONS = "otel_sdk_exporter_operation_duration_seconds_count";
  private static final String OPERATION_SECONDS = "otel_sdk_exporter_operation_duration_seconds_sum";

  @ParameterizedTest
  @ValueSource(strings = {"http/protobuf", "grpc"})
  void aHangingOrSlowCollectorCostsTheApplicationNothing(String protocol) throws Exception {
    boolean grpc = protocol.equals("grpc");
    String component = grpc ? "otlp_grpc_metric_exporter" : "otlp_http_metric_exporter";
    String tag = grpc ? "grpc" : "http";
    // OkHttp's dispatcher, task runner and watchdog; over gRPC (HTTP/2) also the connection's reader
    // and the pool's cleaner: a fixed set, whatever the number of failed exports.
    int exporterThreads = grpc ? 6 : 4;
    long testStarted = System.nanoTime(); // before the assistants start: bounds their lifetime
    try (OtlpMetricsReceiver working = grpc ? OtlpGrpcReceiver.start() : OtlpHttpReceiver.start();
        OtlpMetricsReceiver slow = grpc ? OtlpGrpcReceiver.start(SLOW_ANSWER) : OtlpHttpReceiver.start(SLOW_ANSWER);
        HangingEndpoint hanging = HangingEndpoint.start();
        Assistant withWorking = Assistant.start(app(protocol, working.endpoint(), "working-" + tag));
        Assistant withHanging = Assistant.start(app(protocol, hanging.endpoint(), "hanging-" + tag)
            .env("OTEL_EXPORTER_OTLP_TIMEOUT", "1000"));
        Assistant withSlow = Assistant.start(app(protocol, slow.endpoint(), "slow-" + tag))) {
      List<Assistant> all = List.of(withWorking, withHanging, withSlow);
      working.awaitFirstExport(Duration.ofSeconds(30));

      // Round-robin over the three, the starting one rotating, so that the machine's moments of
      // contention hit all of them alike; sampled (full GC) once early, once at the end.
      long started = System.nanoTime();
      CompletableFuture<List<ExportChecks.ProcessSample>> early = null;
      PrometheusText[] healthEarly = new PrometheusText[3];
      int rounds = 0;
      while (elapsedMillis(started) < RUN_MILLIS) {
        for (int i = 0; i < 3; i++) {
          all.get((rounds + i) % 3).roundTrip();
        }
        rounds++;
        if (early == null && elapsedMillis(started) >= EARLY_SAMPLE_MILLIS) {
          for (int i = 0; i < 3; i++) {
            healthEarly[i] = all.get(i).app.scrape();
          }
          early = CompletableFuture.supplyAsync(() -> all.stream().map(a -> ExportChecks.sample(a.app.process().pid())).toList());
        }
        Thread.sleep(15);
      }
      List<ExportChecks.ProcessSample> first = early.get(60, TimeUnit.SECONDS);
      List<ExportChecks.ProcessSample> last = all.stream().map(a -> ExportChecks.sample(a.app.process().pid())).toList();
      PrometheusText[] health = new PrometheusText[3];
      for (int i = 0; i < 3; i++) {
        health[i] = all.get(i).app.scrape();
      }

      String[] names = {"working", "hanging", "slow"};
      for (int i = 0; i < 3; i++) {
        Assistant a = all.get(i);
        System.out.printf("%s %s Collector: %d rounds; HTTP p50 %.2f ms p99 %.2f ms; WebSocket p50 %.2f ms p99 %.2f ms;"
                + " RSS %d -> %d KiB; heap after GC %d -> %d KiB; threads %d -> %d; exports ok %.0f, failed %.0f %s; mean export %.2f s%n",
            protocol, names[i], rounds, a.http.percentile(50), a.http.percentile(99), a.ws.percentile(50), a.ws.percentile(99),
            first.get(i).rssKib(), last.get(i).rssKib(), first.get(i).heapUsedAfterGcKib(), last.get(i).heapUsedAfterGcKib(),
            first.get(i).threads().size(), last.get(i).threads().size(), succeeded(health[i], component), failed(health[i], component),
            health[i].labelValues(OPERATIONS, "error_type"), meanExportSeconds(health[i], component));
      }
      System.out.printf("%s hanging Collector: %d connections accepted; output lines: %d 'Failed to export', %d 'Exporter failed',"
              + " %d throttling notices%n", protocol, hanging.connectionsAccepted(),
          ExportChecks.countLines(withHanging.app, "Failed to export"), ExportChecks.countLines(withHanging.app, "Exporter failed"),
          ExportChecks.countLines(withHanging.app, "Too many log messages detected"));

      // The application's latency is unchanged. Generous bounds, stated: the median at most twice
      // the working case's plus 2 ms, the 99th percentile at most three times plus 25 ms.
      for (Assistant faulty : List.of(withHanging, withSlow)) {
        assertThat(faulty.http.percentile(50)).as(faulty.app.log() + ": HTTP p50 (ms)")
            .isLessThanOrEqualTo(2 * withWorking.http.percentile(50) + 2);
        assertThat(faulty.http.percentile(99)).as(faulty.app.log() + ": HTTP p99 (ms)")
            .isLessThanOrEqualTo(3 * withWorking.http.percentile(99) + 25);
        assertThat(faulty.ws.percentile(50)).as(faulty.app.log() + ": WebSocket p50 (ms)")
            .isLessThanOrEqualTo(2 * withWorking.ws.percentile(50) + 2);
        assertThat(faulty.ws.percentile(99)).as(faulty.app.log() + ": WebSocket p99 (ms)")
            .isLessThanOrEqualTo(3 * withWorking.ws.percentile(99) + 25);
        assertThat(faulty.app.isAlive()).isTrue();
      }
      assertThat(rounds).isGreaterThan(100);

      // The health metrics tell the three apart. Working: every export succeeded, none failed.
      assertThat(succeeded(health[0], component)).isGreaterThanOrEqualTo(20);
      assertThat(failed(health[0], component)).isZero();
      // Hanging: every export failed, never succeeded, and failed exports kept coming between the
      // two memory samples. Each ended at the 1 s timeout: over gRPC right then; over HTTP one
      // retry backoff later (initial 1 s, jittered x0.8-1.2), because the SDK's retry interceptor
      // takes the socket closed by the call timeout for a retryable error and sleeps before it
      // finds the call cancelled (1.65.0; at the default 10 s timeout an export lasts about 11 s).
      double failedEarly = failed(healthEarly[1], component);
      double failedLast = failed(health[1], component);
      assertThat(succeeded(health[1], component)).isZero();
      assertThat(failedLast - failedEarly).as("failed exports between the memory samples").isGreaterThanOrEqualTo(8);
      assertThat(meanExportSeconds(health[1], component)).isBetween(0.9, grpc ? 1.5 : 2.7);
      // Slow: exports succeed, each taking the Collector's 1.5 s; the reader skips the cycles that
      // come meanwhile rather than piling exports up.
      assertThat(succeeded(health[2], component)).isGreaterThanOrEqualTo(5);
      assertThat(failed(health[2], component)).isZero();
      assertThat(meanExportSeconds(health[2], component)).isBetween(1.4, 3.0);
      assertThat(succeeded(health[2], component)).as("at most one export in flight").isLessThanOrEqualTo(RUN_MILLIS / 1_400 + 10);

      // Memory and threads stay bounded while exports fail or queue up.
      for (int i = 1; i < 3; i++) {
        String which = names[i] + " Collector";
        assertThat(last.get(i).rssKib() - first.get(i).rssKib()).as("RSS growth (KiB), " + which).isLessThan(RSS_GROWTH_LIMIT_KIB);
        assertThat(last.get(i).heapUsedAfterGcKib() - first.get(i).heapUsedAfterGcKib()).as("live heap growth (KiB), " + which)
            .isLessThan(LIVE_HEAP_GROWTH_LIMIT_KIB);
        assertThat(last.get(i).exporterThreads()).as("exporter threads, " + which).hasSizeLessThanOrEqualTo(exporterThreads);
        assertThat(last.get(i).otherThreads()).as("threads, " + which + ": " + first.get(i).threads() + " -> " + last.get(i).threads())
            .hasSizeLessThanOrEqualTo(first.get(i).otherThreads().size() + 2);
      }
      // One connection per failed export at most: OkHttp gives a timed-out connection up, it keeps none.
      assertThat(hanging.connectionsAccepted()).isLessThanOrEqualTo((int) failedLast + 2);

      // Rate-limited output: the exporter's own SEVERE line (with its stack trace) through the SDK's
      // ThrottlingLogger: a budget of five that refills at five a minute; the failure that finds it
      // empty is logged with one throttling notice, and from then on at most one a minute. Over a
      // lifetime of L seconds that is at least 6 lines (more than 6 failures here) and at most
      // 5 + L/12 + 1 + L/60; how many of them a run sees depends on how fast its failures come. The
      // reader's one-line WARNING comes once per failed export, never per retry or per skipped cycle
      // (at the default 60 s interval: once a minute). Nothing from the agent itself.
      long lifetimeSeconds = elapsedMillis(testStarted) / 1_000 + 1;
      assertThat(failedLast).isGreaterThan(6);
      assertThat(ExportChecks.countLines(withHanging.app, "Failed to export metrics"))
          .isBetween(6L, 6 + lifetimeSeconds / 12 + lifetimeSeconds / 60);
      assertThat(ExportChecks.countLines(withHanging.app, "Too many log messages detected")).isEqualTo(1);
      assertThat(ExportChecks.countLines(withHanging.app, "Exporter failed")).isLessThanOrEqualTo((long) failedLast + 1);
      for (Assistant a : all) {
        assertThat(ExportChecks.earshotWarnings(a.app)).as(a.app.log().toString()).isEmpty();
      }
      assertThat(ExportChecks.countLines(withWorking.app, "Exporter failed")).isZero();
      assertThat(ExportChecks.countLines(withSlow.app, "Exporter failed")).isZero();

      // With an export hanging, SIGTERM still ends the process within the agent's 3 s for a last push.
      long stopping = System.nanoTime();
      withHanging.app.process().destroy();
      assertThat(withHanging.app.process().waitFor(6, TimeUnit.SECONDS)).as("exit after SIGTERM with an export hanging").isTrue();
      System.out.printf("%s hanging Collector: exited %d ms after SIGTERM%n", protocol, elapsedMillis(stopping));
    }
  }

  private static AgentProcess.Builder app(String protocol, String endpoint, String name) {
    assertThat(SAMPLE_APP).as("the sample app must be built before the agent's integration tests").exists();
    return AgentProcess.builder("sample-assistant").name(name).jar(SAMPLE_APP.toString()).args("--port", "0")
        .env("OTEL_METRICS_EXPORTER", "otlp,prometheus")
        .env("OTEL_EXPORTER_OTLP_PROTOCOL", protocol)
        .env("OTEL_EXPORTER_OTLP_ENDPOINT", endpoint)
        .env("OTEL_METRIC_EXPORT_INTERVAL", "500");
  }

  private static double succeeded(PrometheusText metrics, String component) {
    return metrics.series(OPERATIONS, "otel_component_type", component).stream()
        .filter(s -> s.label("error_type") == null).mapToDouble(PrometheusText.Sample::value).sum();
  }

  private static double failed(PrometheusText metrics, String component) {
    return metrics.series(OPERATIONS, "otel_component_type", component).stream()
        .filter(s -> s.label("error_type") != null).mapToDouble(PrometheusText.Sample::value).sum();
  }

  private static double meanExportSeconds(PrometheusText metrics, String component) {
    double count = metrics.sum(OPERATIONS, "otel_component_type", component);
    return count == 0 ? 0 : metrics.sum(OPERATION_SECONDS, "otel_component_type", component) / count;
  }

  private static long elapsedMillis(long startNanos) {
    return (System.nanoTime() - startNanos) / 1_000_000;
  }

  /** One sample assistant under the agent, with a client for each of its protocols and their latencies. */
  private static final class Assistant implements AutoCloseable {
    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    final AgentProcess app;
    final Latencies http = new Latencies();
    final Latencies ws = new Latencies();
    private final URI health;
    private final WebSocket socket;
    private final LinkedBlockingQueue<String> events = new LinkedBlockingQueue<>();

    private Assistant(AgentProcess app) throws Exception {
      this.app = app;
      int port = Integer.parseInt(app.awaitOutput("listening on http://[^:]+:(\\d+)", Duration.ofSeconds(90)).group(1));
      app.scrape(); // the agent has started: from now on every request is measured
      this.health = URI.create("http://127.0.0.1:" + port + "/health");
      StringBuilder partial = new StringBuilder();
      this.socket = CLIENT.newWebSocketBuilder().buildAsync(URI.create("ws://127.0.0.1:" + port + "/ws/realtime"), new WebSocket.Listener() {
        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
          partial.append(data);
          if (last) {
            events.add(partial.toString());
            partial.setLength(0);
          }
          webSocket.request(1);
          return null;
        }
      }).get(10, TimeUnit.SECONDS);
      awaitEvent("session.created");
    }

    static Assistant start(AgentProcess.Builder builder) throws Exception {
      AgentProcess app = builder.start();
      try {
        return new Assistant(app);
      } catch (Exception | AssertionError e) {
        app.close();
        throw e;
      }
    }

    /** One GET /health and one session.update answered by session.updated, each timed. */
    void roundTrip() throws Exception {
      long t0 = System.nanoTime();
      HttpResponse<String> response = CLIENT.send(HttpRequest.newBuilder(health).timeout(Duration.ofSeconds(10)).build(),
          HttpResponse.BodyHandlers.ofString());
      long t1 = System.nanoTime();
      assertThat(response.statusCode()).isEqualTo(200);
      http.add(t1 - t0);
      socket.sendText("{\"type\":\"session.update\",\"session\":{}}", true).get(10, TimeUnit.SECONDS);
      awaitEvent("session.updated");
      ws.add(System.nanoTime() - t1);
    }

    private void awaitEvent(String type) throws InterruptedException {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      while (System.nanoTime() < deadline) {
        String event = events.poll(100, TimeUnit.MILLISECONDS);
        if (event != null && event.contains("\"type\":\"" + type + "\"")) {
          return;
        }
      }
      throw new AssertionError("no " + type + " from " + app.log() + " within 10 s");
    }

    @Override
    public void close() {
      socket.abort();
      app.close();
    }
  }

  /** Latencies in nanoseconds; percentiles in milliseconds (nearest rank). */
  private static final class Latencies {
    private final List<Long> nanos = new ArrayList<>();

    void add(long value) {
      nanos.add(value);
    }

    double percentile(int p) {
      List<Long> sorted = new ArrayList<>(nanos);
      Collections.sort(sorted);
      int rank = (int) Math.ceil(p / 100.0 * sorted.size());
      return sorted.get(Math.max(0, rank - 1)) / 1e6;
    }
  }
}
