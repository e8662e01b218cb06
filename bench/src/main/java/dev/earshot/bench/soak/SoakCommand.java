package dev.earshot.bench.soak;

import dev.earshot.bench.cli.BenchCli;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code soak}: the sample assistant under the built agent for a long while, with simulated voice
 * callers and HTTP traffic, sampled periodically; each series' slope after the warm-up with a 95 %
 * confidence interval decides whether it leaks. Writes {@code soak-jdk<N>.json} and {@code .md}.
 */
public final class SoakCommand implements BenchCli.Command {

  /**
   * When a series leaks (see {@link SlopeVerdict}): growth per hour above which it would be a leak
   * of the agent's making, and the floor it moves by on its own. 1 MiB/h of live heap is 29 bytes
   * kept per HTTP request at 10 requests/s, or 1.5 bytes per WebSocket message of 4 voice callers;
   * its floor, 2 MiB, is what caches and JIT data move it by. Resident memory also moves with code
   * cache, metaspace and malloc arenas (the heap itself is touched in full at start): 16 MiB/h,
   * floor 32 MiB. A thread started and never ended every 12 minutes; 500 agent (or OpenTelemetry
   * SDK) objects an hour against 36,000 for one kept per request; 10 series (histogram buckets
   * not counted: a new attribute set of a histogram is two) an hour against the 50 a minute of one
   * unbounded route would add.
   */
  static final List<Series> SERIES = List.of(
      new Series("heap_after_gc", "KiB", 1024, 2048, false, ProcessProbe.Sample::heapAfterGcKib),
      new Series("rss", "KiB", 16 * 1024, 32 * 1024, false, ProcessProbe.Sample::rssKib),
      new Series("threads", "threads", 5, 5, false, ProcessProbe.Sample::threads),
      new Series("agent_objects", "objects", 500, 500, true, ProcessProbe.Sample::agentObjects),
      new Series("otel_sdk_objects", "objects", 500, 500, true, ProcessProbe.Sample::otelObjects),
      new Series("metric_series", "series", 10, 10, true, ProcessProbe.Sample::series));

  /** Lines of the assistant's output worth counting: the agent's warnings, and what would show a sick application. */
  static final Map<String, String> LOG_MARKERS = Map.of(
      "earshotWarnings", "[earshot] WARN",
      "earshotErrors", "[earshot] ERROR",
      "okhttpLeakedConnections", "was leaked. Did you forget to close a response body?",
      "outOfMemoryErrors", "OutOfMemoryError");

  /** One sampled series and when it leaks; {@code agentOnly}: meaningless without the agent. */
  record Series(String name, String unit, double thresholdPerHour, double floor, boolean agentOnly,
      java.util.function.ToLongFunction<ProcessProbe.Sample> value) {}

  @Override
  public String summary() {
    return "memory, threads and the agent's registries over a long run under voice and HTTP load: slope per hour with a 95 % CI";
  }

  @Override
  public int run(String[] args, PrintStream out, PrintStream err) throws Exception {
    SoakOptions options;
    try {
      options = SoakOptions.parse(args);
    } catch (SoakOptions.HelpRequested e) {
      out.println(SoakOptions.USAGE);
      return 0;
    }
    SoakResult result = soak(options, out);
    Files.createDirectories(options.out());
    String base = "soak-jdk" + result.javaFeature() + (options.withAgent() ? "" : "-without-agent");
    Path json = options.out().resolve(base + ".json");
    Path markdown = options.out().resolve(base + ".md");
    SoakReport.writeJson(result, json);
    Files.writeString(markdown, SoakReport.markdown(result));
    out.println();
    out.print(SoakReport.markdown(result));
    out.println("written: " + json + ", " + markdown);
    if (options.check() && result.verdict().equals(SlopeVerdict.LEAK)) {
      err.println("soak: a series leaks (see " + markdown + ")");
      return 1;
    }
    return 0;
  }

  /** Runs the whole soak and returns what it measured; child processes are stopped whatever happens. */
  public static SoakResult soak(SoakOptions options, PrintStream out) throws Exception {
    Path logs = Files.createTempDirectory("earshot-soak-");
    Path javaBin = options.javaHome().resolve("bin/java");
    // The JVMs run copies of the jars: a rebuild during an hour-long run must not change the agent
    // under measurement, nor remove classes a running JVM has yet to load.
    Path agentJar = Files.copy(options.agentJar(), logs.resolve("earshot-agent.jar"));
    Path appJar = Files.copy(options.appJar(), logs.resolve("earshot-sample-app.jar"));
    Path samplesCsv = logs.resolve("samples.csv");
    Files.writeString(samplesCsv, "seconds,heap_after_gc_kib,rss_kib,threads,agent_objects,agent_bytes,otel_sdk_objects,metric_series\n");
    int simPort = ChildProcess.freePort();
    int appPort = ChildProcess.freePort();
    int metricsPort = options.withAgent() ? ChildProcess.freePort() : 0;
    String base = "http://127.0.0.1:" + appPort;
    String javaVersion = javaVersion(javaBin);
    List<ProcessProbe.Sample> samples = new ArrayList<>();
    Instant started = Instant.now();
    out.printf("soak: %s (warm-up %s, a sample every %s), %d voice callers, %.1f HTTP requests/s, %s; JDK %s; logs in %s%n",
        SoakOptions.format(options.duration()), SoakOptions.format(options.warmup()), SoakOptions.format(options.interval()),
        options.callers(), options.httpRate(), options.withAgent() ? "under the agent" : "WITHOUT the agent", javaVersion, logs);

    ChildProcess simulator = null;
    ChildProcess app = null;
    ChildProcess callers = null;
    HttpTraffic traffic = null;
    Thread cleanup = null;
    String callersReport = "";
    String assistantOutput = "";
    Map<String, Long> httpCounts;
    try {
      // The OpenAI simulator in its own JVM without the agent, as scripts/demo.sh runs it.
      simulator = ChildProcess.start("simulator", List.of(javaBin.toString(), "-Xmx256m", "-cp", appJar.toString(),
          "dev.earshot.sample.openai.simulator.OpenAiSimulator", "--port", Integer.toString(simPort), "--seed", "1",
          "--ttft-ms", "250", "--token-delay-ms", "25"), Map.of(), logs);
      ChildProcess[] started3 = new ChildProcess[3];
      started3[0] = simulator;
      cleanup = stopOnExit(started3);
      simulator.awaitHttp200("http://127.0.0.1:" + simPort + "/_simulator/health", Duration.ofSeconds(60));

      // The whole heap committed and touched at start: resident memory then shows what grows besides it.
      List<String> command = new ArrayList<>(List.of(javaBin.toString(), "-Xms" + options.heapMax(), "-Xmx" + options.heapMax(),
          "-XX:+AlwaysPreTouch"));
      if (options.withAgent()) {
        command.addAll(List.of("-javaagent:" + agentJar, "-Dotel.exporter.prometheus.port=" + metricsPort,
            "-Dotel.exporter.prometheus.host=127.0.0.1"));
      }
      command.addAll(List.of("-jar", appJar.toString(), "--port", Integer.toString(appPort), "--host", "127.0.0.1"));
      app = ChildProcess.start("assistant", command,
          Map.of("OPENAI_BASE_URL", "http://127.0.0.1:" + simPort + "/v1", "OPENAI_API_KEY", "sk-earshot-soak"), logs);
      started3[1] = app;
      app.awaitHttp200(base + "/health", Duration.ofSeconds(120));
      if (options.withAgent()) {
        // The agent starts its SDK in the background: traffic begins once its endpoint serves.
        app.awaitHttp200("http://127.0.0.1:" + metricsPort + "/metrics", Duration.ofSeconds(60));
      }

      long runSeconds = options.duration().toSeconds();
      if (options.callers() > 0) {
        callers = ChildProcess.start("voice-callers", List.of(javaBin.toString(), "-Xmx256m", "-cp", appJar.toString(),
            "dev.earshot.sample.loadgen.VoiceCallers", "--url", "ws://127.0.0.1:" + appPort + "/ws/realtime",
            "--callers", Integer.toString(options.callers()), "--barge-in", "0.2",
            "--duration-seconds", Long.toString(runSeconds + 60), "--seed", "1"), Map.of(), logs);
        started3[2] = callers;
      }
      traffic = new HttpTraffic(base);
      traffic.start(options.httpRate());

      ProcessProbe probe = new ProcessProbe(options.javaHome(), app.pid(), metricsPort);
      long t0 = System.nanoTime();
      long intervalNanos = options.interval().toNanos();
      long endNanos = options.duration().toNanos();
      for (long next = 0; next <= endNanos; next += intervalNanos) {
        sleepUntil(t0 + next);
        requireAlive(simulator, app, callers);
        ProcessProbe.Sample sample = probe.sample((System.nanoTime() - t0) / 1e9);
        samples.add(sample);
        // Kept as it comes, with the logs: a run that fails late still has its samples.
        Files.writeString(samplesCsv, String.format(java.util.Locale.ROOT, "%.1f,%d,%d,%d,%d,%d,%d,%d%n", sample.seconds(),
            sample.heapAfterGcKib(), sample.rssKib(), sample.threads(), sample.agentObjects(), sample.agentBytes(),
            sample.otelObjects(), sample.series()), java.nio.file.StandardOpenOption.APPEND);
        if (samples.size() % 10 == 1 || next + intervalNanos > endNanos) {
          out.printf("  %5.0f s  heap after GC %,d KiB  RSS %,d KiB  threads %d  agent objects %,d  OTel objects %,d  series %d%n",
              sample.seconds(), sample.heapAfterGcKib(), sample.rssKib(), sample.threads(), sample.agentObjects(),
              sample.otelObjects(), sample.series());
        }
      }
    } finally {
      if (traffic != null) {
        traffic.close();
      }
      httpCounts = traffic != null ? traffic.counts() : Map.of();
      if (callers != null) {
        callers.close(); // SIGTERM: the callers hang up and print their summary
        callersReport = callers.output();
      }
      if (app != null) {
        app.close();
        assistantOutput = app.output();
      }
      if (simulator != null) {
        simulator.close();
      }
      if (cleanup != null) {
        Runtime.getRuntime().removeShutdownHook(cleanup);
      }
    }

    double warmupSeconds = options.warmup().toSeconds();
    List<ProcessProbe.Sample> measured = samples.stream().filter(s -> s.seconds() >= warmupSeconds).toList();
    List<SlopeVerdict> verdicts = new ArrayList<>();
    for (Series series : SERIES) {
      if (series.agentOnly() && !options.withAgent()) {
        continue;
      }
      verdicts.add(SlopeVerdict.of(series.name(), series.unit(), series.thresholdPerHour(), series.floor(), measured,
          s -> s.seconds() / 3600.0, s -> series.value().applyAsLong(s)));
    }
    String verdict = verdicts.stream().anyMatch(v -> v.verdict().equals(SlopeVerdict.LEAK)) ? SlopeVerdict.LEAK
        : verdicts.stream().allMatch(v -> v.verdict().equals(SlopeVerdict.NO_LEAK)) ? SlopeVerdict.NO_LEAK
        : SlopeVerdict.INCONCLUSIVE;
    Map<String, Long> logCounts = new java.util.TreeMap<>();
    List<String> assistantLines = assistantOutput.lines().toList();
    LOG_MARKERS.forEach((name, marker) -> logCounts.put(name, assistantLines.stream().filter(line -> line.contains(marker)).count()));
    deleteLogs(logs);
    return new SoakResult(started, options, javaVersion, samples, verdicts, verdict, httpCounts, lastLines(callersReport, 12), logCounts);
  }

  private static void requireAlive(ChildProcess... processes) {
    for (ChildProcess process : processes) {
      if (process != null && !process.process.isAlive()) {
        throw new IllegalStateException(process.name + " exited with " + process.process.exitValue() + " during the soak:\n"
            + lastLines(process.output(), 40));
      }
    }
  }

  /** On Ctrl-C the JVMs the soak started are stopped too. */
  private static Thread stopOnExit(ChildProcess[] processes) {
    Thread hook = new Thread(() -> {
      for (ChildProcess process : processes) {
        if (process != null) {
          process.process.destroyForcibly();
        }
      }
    }, "soak-stop-children");
    Runtime.getRuntime().addShutdownHook(hook);
    return hook;
  }

  private static void sleepUntil(long nanoTime) throws InterruptedException {
    long left = nanoTime - System.nanoTime();
    if (left > 0) {
      TimeUnit.NANOSECONDS.sleep(left);
    }
  }

  private static String javaVersion(Path javaBin) throws IOException, InterruptedException {
    Process process = new ProcessBuilder(javaBin.toString(), "-XshowSettings:properties", "-version").redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    process.waitFor(30, TimeUnit.SECONDS);
    Matcher version = Pattern.compile("java\\.runtime\\.version = (\\S+)").matcher(output);
    return version.find() ? version.group(1) : "unknown";
  }

  static String lastLines(String text, int count) {
    List<String> lines = text.lines().toList();
    return String.join("\n", lines.subList(Math.max(0, lines.size() - count), lines.size()));
  }

  private static void deleteLogs(Path logs) throws IOException {
    try (var files = Files.list(logs)) {
      for (Path file : files.toList()) {
        Files.deleteIfExists(file);
      }
    }
    Files.deleteIfExists(logs);
  }
}
