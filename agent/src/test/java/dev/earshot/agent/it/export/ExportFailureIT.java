package dev.earshot.agent.it.export;

import static org.assertj.core.api.Assertions.assertThat;

import dev.earshot.agent.it.support.AgentProcess;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** Export that cannot work never costs the application a request, and never floods its output. */
class ExportFailureIT {

  private static final long RUN_MILLIS = 5_500;
  private static final long SAMPLE_AT_MILLIS = 2_000;
  /**
   * Both samples are taken right after a full collection. Resident memory still moves by itself
   * (JIT code, G1 uncommitting or re-touching regions): measured between 2 s and 5.5 s, -45 to +11
   * MiB on JDK 17 and 25 (2 cores, three JVMs busy). So this bound only catches gross growth (tens of
   * MiB in seconds, e.g. native buffers per export); a thread per export is caught by the thread
   * count, retained batches or requests by the live-heap bound.
   */
  private static final long RSS_GROWTH_LIMIT_KIB = 30 * 1024;
  /** Heap in use after a full collection: measured -5.5 to -0.4 MiB between 2 s and 5.5 s. */
  private static final long LIVE_HEAP_GROWTH_LIMIT_KIB = 4 * 1024;

  @Test
  void anUnreachableOtlpEndpointCostsNoRequestAndLittleOutput() throws Exception {
    int closedPort = AgentProcess.freePort(); // bound and released: connections are refused
    String endpoint = "http://127.0.0.1:" + closedPort;
    try (AgentProcess withRetry = unreachable(endpoint, "otlp-unreachable").start();
        AgentProcess withoutRetry = unreachable(endpoint, "otlp-unreachable-no-retry")
            .jvm("-Dotel.java.exporter.otlp.retry.disabled=true").start()) {
      String baseWithRetry = ExportChecks.baseUrl(withRetry);
      String baseWithoutRetry = ExportChecks.baseUrl(withoutRetry);

      long started = System.nanoTime();
      CompletableFuture<ExportChecks.ProcessSample[]> early = null;
      int requests = 0;
      while (elapsedMillis(started) < RUN_MILLIS) {
        ExportChecks.getOk(baseWithRetry + "/calls/" + requests);
        ExportChecks.getOk(baseWithoutRetry + "/calls/" + requests);
        requests++;
        // The first sample once both agents have started and tried to export: on a busy machine
        // the agent's own start-up (tens of MiB of classes) can still be under way at 2 s.
        if (early == null && elapsedMillis(started) >= SAMPLE_AT_MILLIS
            && ExportChecks.exporterRunning(withRetry.process().pid()) && ExportChecks.exporterRunning(withoutRetry.process().pid())) {
          early = CompletableFuture.supplyAsync(() -> samples(withRetry, withoutRetry)); // requests go on meanwhile
        }
        OtlpMetricsReceiver.sleep(10);
      }
      long runMillis = elapsedMillis(started);
      assertThat(early).as("both agents exporting within %d ms", RUN_MILLIS).isNotNull();
      ExportChecks.ProcessSample[] first = early.get(30, TimeUnit.SECONDS);
      ExportChecks.ProcessSample[] last = samples(withRetry, withoutRetry);
      for (int i = 0; i < 2; i++) {
        System.out.printf("unreachable OTLP endpoint, %s: %d requests in %d ms; RSS %d -> %d KiB; heap after GC %d -> %d KiB;"
                + " threads %s -> %s%n", i == 0 ? "with retries" : "without retries", requests, runMillis,
            first[i].rssKib(), last[i].rssKib(), first[i].heapUsedAfterGcKib(), last[i].heapUsedAfterGcKib(),
            first[i].threads(), last[i].threads());
      }

      // Every request was answered by the application (getOk asserts 200 "ok").
      assertThat(requests).isGreaterThan(25);
      assertThat(withRetry.isAlive()).isTrue();
      assertThat(withoutRetry.isAlive()).isTrue();

      // Default settings: the OTLP exporter retries a refused connection with backoff (up to 5
      // attempts, 1 s initial, x1.5, jittered), so an export at most every few seconds fails and is
      // logged; none or one in this run.
      assertThat(failureLines(withRetry)).as(withRetry.output()).isLessThanOrEqualTo(5);

      // Retries off: every 200 ms export fails at once. The exporter's ThrottlingLogger lets 5
      // "Failed to export" records through, then announces throttling and logs the 6th, then one a
      // minute. The PeriodicMetricReader's own "Exporter failed" WARNING is not throttled: one per
      // failed export, so bounded by the interval (at the default 60 s interval: one a minute).
      assertThat(ExportChecks.countLines(withoutRetry, "Failed to export metrics")).as(withoutRetry.output()).isEqualTo(6);
      assertThat(ExportChecks.countLines(withoutRetry,
          "Too many log messages detected. Will only log 1 time(s) per minute from now on.")).isEqualTo(1);
      assertThat(ExportChecks.countLines(withoutRetry, "Exporter failed")).isLessThanOrEqualTo(runMillis / 200 + 2);

      // Neither process grows while its exports fail: no thread per export, no retained batches.
      for (int i = 0; i < 2; i++) {
        String which = i == 0 ? "with retries" : "without retries";
        assertThat(last[i].rssKib() - first[i].rssKib()).as("RSS growth (KiB) " + which).isLessThan(RSS_GROWTH_LIMIT_KIB);
        assertThat(last[i].heapUsedAfterGcKib() - first[i].heapUsedAfterGcKib()).as("live heap growth (KiB) " + which)
            .isLessThan(LIVE_HEAP_GROWTH_LIMIT_KIB);
        // One export at a time: OkHttp's dispatcher, task runner, the call and the watchdog at most.
        assertThat(last[i].exporterThreads()).as("exporter threads " + which).hasSizeLessThanOrEqualTo(4);
        assertThat(last[i].otherThreads()).as("threads " + which + ": " + first[i].threads() + " -> " + last[i].threads())
            .hasSizeLessThanOrEqualTo(first[i].otherThreads().size());
      }
      // Export failures are the SDK's to report: the agent itself has nothing to warn about.
      assertThat(ExportChecks.earshotWarnings(withRetry)).isEmpty();
      assertThat(ExportChecks.earshotWarnings(withoutRetry)).isEmpty();

      // On SIGTERM the agent's shutdown hook gives the last export at most 3 s: an unreachable
      // endpoint (an export in flight, retrying) delays the exit by that much, never more.
      long stopping = System.nanoTime();
      withRetry.process().destroy();
      withoutRetry.process().destroy();
      assertThat(withRetry.process().waitFor(5, TimeUnit.SECONDS)).as("exit with retries").isTrue();
      assertThat(withoutRetry.process().waitFor(5, TimeUnit.SECONDS)).as("exit without retries").isTrue();
      System.out.printf("unreachable OTLP endpoint: both processes exited %d ms after SIGTERM%n", elapsedMillis(stopping));
    }
  }

  @Test
  void aPrometheusPortInUseGivesOneWarningAndTheApplicationServes() throws IOException {
    try (ServerSocket busy = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        AgentProcess app = AgentProcess.builder(ExportChecks.JDK_SERVER_APP).name("prometheus-port-in-use")
            .prometheusPort(busy.getLocalPort())
            .start()) {
      int port = busy.getLocalPort();
      String base = ExportChecks.baseUrl(app);
      app.awaitOutput("\\[earshot\\] WARN metrics export", Duration.ofSeconds(20));
      for (int i = 0; i < 3; i++) {
        ExportChecks.getOk(base + "/after-warning/" + i);
      }

      assertThat(ExportChecks.earshotWarnings(app)).singleElement().asString().matches(Pattern.quote(
          "[earshot] WARN metrics export could not be set up as configured: ")
          + ".*\\(caused by BindException: Address already in use\\)"
          + Pattern.quote("; the Prometheus exporter on 127.0.0.1:" + port + " could not start either (")
          + ".*\\(caused by BindException: Address already in use\\)"
          + Pattern.quote("); metrics are recorded but not exported"));
      // The fallback stayed where the exporter was told to listen (the line above names 127.0.0.1 and
      // the busy port): no default 0.0.0.0:9464 behind the user's back.
      assertThat(app.output()).doesNotContain("0.0.0.0");
      assertThat(app.isAlive()).isTrue();
    }
  }

  private static AgentProcess.Builder unreachable(String endpoint, String name) {
    return AgentProcess.builder(ExportChecks.JDK_SERVER_APP).name(name)
        .env("OTEL_METRICS_EXPORTER", "otlp")
        .env("OTEL_EXPORTER_OTLP_ENDPOINT", endpoint)
        .env("OTEL_EXPORTER_OTLP_PROTOCOL", "http/protobuf")
        .env("OTEL_METRIC_EXPORT_INTERVAL", "200");
  }

  private static ExportChecks.ProcessSample[] samples(AgentProcess withRetry, AgentProcess withoutRetry) {
    return new ExportChecks.ProcessSample[] {
        ExportChecks.sample(withRetry.process().pid()), ExportChecks.sample(withoutRetry.process().pid())};
  }

  private static long failureLines(AgentProcess app) {
    return ExportChecks.countLines(app, "Failed to export") + ExportChecks.countLines(app, "Exporter failed");
  }

  private static long elapsedMillis(long startNanos) {
    return (System.nanoTime() - startNanos) / 1_000_000;
  }
}
