package dev.earshot.bench.soak;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Samples one live JVM from outside: {@code jcmd PID GC.class_histogram} (which collects the heap
 * first, so it counts live objects only), then {@code jcmd PID GC.heap_info} right after that full
 * collection; resident set and threads from /proc/PID/status; the series on the agent's
 * Prometheus endpoint.
 */
final class ProcessProbe {

  private static final Pattern HISTOGRAM_ROW = Pattern.compile("^\\s*\\d+:\\s+(\\d+)\\s+(\\d+)\\s+(\\S+)", Pattern.MULTILINE);
  private static final Pattern HEAP_USED = Pattern.compile("used (\\d+)K");
  static final String AGENT_PACKAGE = "dev.earshot.agent.";
  static final String OTEL_PACKAGE = "io.opentelemetry.";

  private final Path jcmd;
  private final long pid;
  /** The agent's Prometheus endpoint; null without the agent. */
  private final URI metrics;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  ProcessProbe(Path javaHome, long pid, int metricsPort) {
    this.jcmd = javaHome.resolve("bin/jcmd");
    this.pid = pid;
    this.metrics = metricsPort > 0 ? URI.create("http://127.0.0.1:" + metricsPort + "/metrics") : null;
  }

  /** One sample; {@code seconds} is its time since the start of the run. */
  Sample sample(double seconds) throws IOException, InterruptedException {
    long agentObjects = 0;
    long agentBytes = 0;
    long otelObjects = 0;
    Matcher row = HISTOGRAM_ROW.matcher(jcmd("GC.class_histogram"));
    while (row.find()) {
      String className = row.group(3);
      if (className.startsWith(AGENT_PACKAGE)) {
        agentObjects += Long.parseLong(row.group(1));
        agentBytes += Long.parseLong(row.group(2));
      } else if (className.startsWith(OTEL_PACKAGE)) {
        otelObjects += Long.parseLong(row.group(1));
      }
    }
    Matcher used = HEAP_USED.matcher(jcmd("GC.heap_info"));
    if (!used.find()) {
      throw new IOException("no heap figure from jcmd " + pid + " GC.heap_info");
    }
    long heapKib = Long.parseLong(used.group(1));
    long rssKib = -1;
    long threads = -1;
    for (String line : Files.readAllLines(Paths.get("/proc", Long.toString(pid), "status"))) {
      if (line.startsWith("VmRSS:")) {
        rssKib = Long.parseLong(line.replaceAll("[^0-9]", ""));
      } else if (line.startsWith("Threads:")) {
        threads = Long.parseLong(line.replaceAll("[^0-9]", ""));
      }
    }
    return new Sample(seconds, heapKib, rssKib, threads, agentObjects, agentBytes, otelObjects, metrics != null ? series() : 0);
  }

  /**
   * Series on the agent's Prometheus endpoint, a histogram's buckets not counted: one line per
   * attribute set of a counter or gauge, two (count and sum) per attribute set of a histogram, so
   * that a rare new combination (an error type seen for the first time) adds a few, not seventeen.
   */
  private long series() throws IOException, InterruptedException {
    HttpResponse<String> response = http.send(HttpRequest.newBuilder(metrics).timeout(Duration.ofSeconds(20)).build(),
        HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() != 200) {
      throw new IOException("GET " + metrics + " answered " + response.statusCode());
    }
    return response.body().lines()
        .filter(line -> !line.isBlank() && !line.startsWith("#") && !line.matches("^[a-zA-Z_:][a-zA-Z0-9_:]*_bucket[{ ].*"))
        .count();
  }

  private String jcmd(String command) throws IOException, InterruptedException {
    Process process = new ProcessBuilder(jcmd.toString(), Long.toString(pid), command).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
      process.destroyForcibly();
      throw new IOException("jcmd " + pid + " " + command + " failed: " + output);
    }
    return output;
  }

  /** What one sample saw. */
  record Sample(double seconds, long heapAfterGcKib, long rssKib, long threads, long agentObjects, long agentBytes,
      long otelObjects, long series) {}
}
