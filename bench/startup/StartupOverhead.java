import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.ToDoubleFunction;
import java.util.jar.JarFile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Startup overhead of the Earshot agent compared with no agent and with the OpenTelemetry Java
 * agent (metrics only, Prometheus exporter), on the Earshot sample app.
 *
 * <p>Run with the JDK source launcher, no dependencies, Linux only (reads /proc):
 *
 * <pre>
 *   java bench/startup/StartupOverhead.java --runs 7 --otel-agent bench/.cache/opentelemetry-javaagent-2.31.1.jar
 * </pre>
 *
 * <p>Each measured round starts the three variants in turn (none, earshot, otel), so slow drifts of
 * the machine hit all of them alike. Per run: wall time from just before the process is forked to
 * the first 200 from {@code GET /health}; the process's CPU time (utime+stime of
 * /proc/PID/stat) at that moment; then, once metrics are up and 20 requests plus one scrape have
 * been served and 2 s have passed, the peak resident set size (VmHWM of /proc/PID/status). See
 * bench/README.md.
 */
public class StartupOverhead {

  static final String USAGE = """
      usage: java bench/startup/StartupOverhead.java [options]
        --runs N             measured rounds; each round runs none, earshot, otel once (default 7)
        --warmup N           discarded rounds before measuring, to warm the page cache (default 1)
        --java DIR           JDK home of the measured JVMs (default: the JDK running this program)
        --app JAR            sample app (default <repo>/sample-app/target/earshot-sample-app.jar)
        --earshot-agent JAR  Earshot agent (default <repo>/agent/target/earshot-agent.jar)
        --otel-agent JAR     OpenTelemetry Java agent (default <repo>/bench/.cache/opentelemetry-javaagent-2.31.1.jar)
        --out DIR            where the Markdown table and CSV go (default <repo>/bench/results)
        --settle-ms N        wait after warm-up traffic before reading peak RSS (default 2000)
        --quiet-cpu X        before each run, wait until the machine uses less than X cores
                             (sampled over 1 s; default 0.3; 0 disables)
        --quiet-timeout-s N  give up waiting for a quiet machine after N s and run anyway (default 60)
        --max-other-cpu X    discard and repeat a measured run if other processes used more than X cores
                             on average between its start and its first /health 200 (default 0.15; 0 disables)
        --max-attempts N     attempts per measured run before a busy run is kept anyway (default 4)
      """;

  static final String XMX = "-Xmx512m";
  static final int WARM_REQUESTS = 20;
  static final long POLL_MS = 5;
  static final int CONNECT_TIMEOUT_MS = 100;
  static final int READ_TIMEOUT_MS = 10_000;
  static final long READY_TIMEOUT_MS = 120_000;
  static final long METRICS_TIMEOUT_MS = 60_000;

  enum Variant {
    NONE("none"),
    EARSHOT("earshot"),
    OTEL("otel");

    final String id;

    Variant(String id) {
      this.id = id;
    }
  }

  record Options(
      int runs, int warmup, Path javaHome, Path app, Path earshotAgent, Path otelAgent, Path out,
      long settleMs, double quietCpu, long quietTimeoutS, double maxOtherCpu, int maxAttempts) {}

  /** One run of one variant; times in ms, sizes in MiB. metricsReadyMs is NaN without an agent. */
  record Sample(
      int round, boolean warmup, boolean discarded, Variant variant, double readyMs, double cpuAtReadyMs,
      double peakRssMiB, double metricsReadyMs, double rssAtEndMiB, double otherCpuMs, double harnessCpuMs, int appPort,
      int metricsPort) {

    /** CPU used by other processes during the startup window, in cores (1.0 = one core busy throughout). */
    double otherCores() {
      return readyMs > 0 ? otherCpuMs / readyMs : 0;
    }

    Sample asDiscarded() {
      return new Sample(round, warmup, true, variant, readyMs, cpuAtReadyMs, peakRssMiB, metricsReadyMs, rssAtEndMiB,
          otherCpuMs, harnessCpuMs, appPort, metricsPort);
    }
  }

  static long clockTicks = 100;

  public static void main(String[] args) throws Exception {
    Options options;
    try {
      options = parse(args);
    } catch (IllegalArgumentException e) {
      System.err.println("error: " + e.getMessage());
      System.err.print(USAGE);
      System.exit(2);
      return;
    }
    if (!Files.isReadable(Paths.get("/proc/self/stat"))) {
      fail("this benchmark reads /proc and runs on Linux only");
    }
    Path java = options.javaHome().resolve("bin/java");
    if (!Files.isExecutable(java)) {
      fail("no java executable at " + java);
    }
    for (Path jar : List.of(options.app(), options.earshotAgent(), options.otelAgent())) {
      if (!Files.isRegularFile(jar)) {
        fail("missing " + jar + " (bench/startup/run.sh builds and downloads what is missing)");
      }
    }
    clockTicks = clockTicks();
    String javaVersion = javaVersion(java);
    String gc = collector(java);
    String otelVersion = manifestVersion(options.otelAgent());
    String earshotVersion = manifestVersion(options.earshotAgent());
    Path logDir = Files.createTempDirectory("earshot-startup-");

    Map<Variant, String> labels = new LinkedHashMap<>();
    labels.put(Variant.NONE, "No agent");
    labels.put(Variant.EARSHOT, "Earshot" + (earshotVersion != null ? " " + earshotVersion : ""));
    labels.put(Variant.OTEL, "OTel Java agent" + (otelVersion != null ? " " + otelVersion : ""));

    String startedAt = ZonedDateTime.now(ZoneOffset.UTC).format(DateTimeFormatter.ISO_INSTANT);
    String loadBefore = loadAverage();
    System.out.printf(Locale.ROOT, "JDK under test: %s (%s)%n", options.javaHome(), javaVersion);
    System.out.printf(Locale.ROOT, "%d warm-up + %d measured rounds of [none, earshot, otel]; logs in %s%n",
        options.warmup(), options.runs(), logDir);

    Runtime.getRuntime().addShutdownHook(new Thread(StartupOverhead::killChildren));

    List<Sample> samples = new ArrayList<>();
    int keptBusy = 0;
    int total = options.warmup() + options.runs();
    for (int i = 1; i <= total; i++) {
      boolean warmup = i <= options.warmup();
      int round = i - options.warmup(); // warm-up rounds get 0, -1, ...; measured rounds 1..runs
      for (Variant variant : Variant.values()) {
        for (int attempt = 1; ; attempt++) {
          waitForQuietMachine(options);
          Sample sample = runOnce(options, java, variant, round, warmup, logDir);
          System.out.printf(Locale.ROOT,
              "%-8s %-7s ready %7.1f ms  cpu %6.0f ms  peak RSS %6.1f MiB  metrics up %7s ms  other CPU %5.0f ms%n",
              warmup ? "warm-up" : "round " + round, variant.id, sample.readyMs(), sample.cpuAtReadyMs(),
              sample.peakRssMiB(), Double.isNaN(sample.metricsReadyMs()) ? "-" : fmt1(sample.metricsReadyMs()),
              sample.otherCpuMs());
          boolean busy = options.maxOtherCpu() > 0 && sample.otherCores() > options.maxOtherCpu();
          if (!busy || warmup) {
            samples.add(sample);
            break;
          }
          if (attempt >= options.maxAttempts()) {
            System.out.printf(Locale.ROOT,
                "  (other processes used %.2f cores during this startup; kept after %d attempts)%n",
                sample.otherCores(), attempt);
            keptBusy++;
            samples.add(sample);
            break;
          }
          System.out.printf(Locale.ROOT,
              "  (other processes used %.2f cores during this startup; discarded, repeating)%n", sample.otherCores());
          samples.add(sample.asDiscarded());
        }
      }
    }
    String loadAfter = loadAverage();

    List<Sample> measured = samples.stream().filter(s -> !s.warmup() && !s.discarded()).toList();
    StringBuilder md = new StringBuilder();
    md.append("# Earshot startup overhead\n\n");
    md.append("- Date: ").append(startedAt).append('\n');
    md.append("- JDK under test: ").append(javaVersion).append(" (").append(options.javaHome()).append("), ")
        .append(gc).append(" GC (ergonomic choice with ").append(XMX).append(")\n");
    md.append("- Host: ").append(Runtime.getRuntime().availableProcessors()).append(" CPUs, ")
        .append(osDescription()).append("; load average before ").append(loadBefore)
        .append(", after ").append(loadAfter).append('\n');
    md.append("- Runs: ").append(options.runs()).append(" measured rounds (after ").append(options.warmup())
        .append(" discarded warm-up round").append(options.warmup() == 1 ? "" : "s")
        .append("), variants alternating none, earshot, otel in every round; all JVMs `").append(XMX).append("`\n");
    long discardedRuns = samples.stream().filter(Sample::discarded).count();
    md.append("- Contention guard: ");
    if (options.maxOtherCpu() > 0) {
      md.append(discardedRuns).append(" run").append(discardedRuns == 1 ? "" : "s")
          .append(" discarded and repeated because other processes used more than ")
          .append(fmt(options.maxOtherCpu(), 2)).append(" cores during startup");
      if (keptBusy > 0) {
        md.append("; ").append(keptBusy).append(" such run").append(keptBusy == 1 ? "" : "s")
            .append(" kept after ").append(options.maxAttempts()).append(" attempts");
      }
      md.append(" (all in the CSV)\n");
    } else {
      md.append("off\n");
    }
    md.append("- Earshot: `-javaagent:").append(options.earshotAgent().getFileName())
        .append(" -Dotel.exporter.prometheus.port=P` (").append(sizeMiB(options.earshotAgent())).append(" MiB jar)\n");
    md.append("- OTel: `-javaagent:").append(options.otelAgent().getFileName())
        .append(" -Dotel.traces.exporter=none -Dotel.logs.exporter=none -Dotel.metrics.exporter=prometheus")
        .append(" -Dotel.exporter.prometheus.port=P` (").append(sizeMiB(options.otelAgent())).append(" MiB jar)\n");
    md.append("- App: `").append(options.app().getFileName()).append(" --port P`\n\n");
    md.append("Cells are median (min–max) over the measured rounds. Overheads are differences of medians.\n\n");
    md.append(mainTable(measured, labels));
    md.append('\n');
    md.append("Per-round overheads (each agent run minus the no-agent run of the same round), median (min–max):\n\n");
    md.append(pairedTable(measured, labels));
    md.append('\n');
    md.append("Time until the Prometheus endpoint first answered 200 (ms from process start), median (min–max): ");
    md.append(Arrays.stream(new Variant[] {Variant.EARSHOT, Variant.OTEL})
        .map(v -> labels.get(v) + " " + cell(values(measured, v, Sample::metricsReadyMs), 0))
        .collect(Collectors.joining("; ")));
    md.append(".\n\nCPU used by everything else on the machine during the startup windows (ms), median (max): ");
    md.append(Arrays.stream(Variant.values())
        .map(v -> {
          double[] other = values(measured, v, Sample::otherCpuMs);
          return v.id + " " + fmt0(median(other)) + " (" + fmt0(max(other)) + ")";
        })
        .collect(Collectors.joining("; ")));
    md.append(".\n");

    System.out.println();
    System.out.print(md);

    Files.createDirectories(options.out());
    String base = "startup-jdk" + featureVersion(javaVersion);
    Path mdFile = options.out().resolve(base + ".md");
    Path csvFile = options.out().resolve(base + ".csv");
    Files.writeString(mdFile, md.toString(), StandardCharsets.UTF_8);
    Files.writeString(csvFile, csv(samples), StandardCharsets.UTF_8);
    System.out.println();
    System.out.println("Wrote " + mdFile + " and " + csvFile);
    deleteLogs(logDir);
  }

  // ---------------------------------------------------------------- one run

  static final List<Process> children = new ArrayList<>();

  static Sample runOnce(Options options, Path java, Variant variant, int round, boolean warmup, Path logDir)
      throws IOException, InterruptedException {
    int appPort = freePort();
    int metricsPort = variant == Variant.NONE ? -1 : freePort(appPort);
    List<String> command = new ArrayList<>();
    command.add(java.toString());
    command.add(XMX);
    switch (variant) {
      case NONE -> { }
      case EARSHOT -> {
        command.add("-javaagent:" + options.earshotAgent().toAbsolutePath());
        command.add("-Dotel.exporter.prometheus.port=" + metricsPort);
      }
      case OTEL -> {
        command.add("-javaagent:" + options.otelAgent().toAbsolutePath());
        command.add("-Dotel.traces.exporter=none");
        command.add("-Dotel.logs.exporter=none");
        command.add("-Dotel.metrics.exporter=prometheus");
        command.add("-Dotel.exporter.prometheus.port=" + metricsPort);
      }
    }
    command.add("-jar");
    command.add(options.app().toAbsolutePath().toString());
    command.add("--port");
    command.add(Integer.toString(appPort));

    Path log = logDir.resolve((warmup ? "warmup" + (1 - round) : "round" + round) + "-" + variant.id + ".log");
    Files.writeString(logDir.resolve(log.getFileName() + ".cmd"), String.join(" ", command) + "\n");
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
    // Nothing from this shell may configure the measured JVMs.
    builder.environment().keySet().removeIf(name -> name.startsWith("OTEL_") || name.startsWith("EARSHOT_")
        || name.equals("JAVA_TOOL_OPTIONS") || name.equals("JDK_JAVA_OPTIONS") || name.equals("_JAVA_OPTIONS")
        || name.equals("PORT") || name.equals("HOST"));

    long[] machineBefore = machineCpuTicks();
    double selfBefore = processCpuMs(ProcessHandle.current().pid());
    long start = System.nanoTime();
    Process process = builder.start();
    synchronized (children) {
      children.add(process);
    }
    try {
      long pid = process.pid();
      long readyAt = awaitHttp200(process, appPort, "/health", start, READY_TIMEOUT_MS, log);
      double readyMs = (readyAt - start) / 1e6;
      double cpuMs = processCpuMs(pid);
      long[] machineAfter = machineCpuTicks();
      double selfMs = processCpuMs(ProcessHandle.current().pid()) - selfBefore;
      double machineBusyMs = (machineAfter[0] - machineBefore[0]) * 1000.0 / clockTicks;
      // Everything but the measured JVM and this harness (whose polling is part of every run alike).
      double otherCpuMs = Math.max(0, machineBusyMs - cpuMs - selfMs);

      double metricsReadyMs = Double.NaN;
      if (variant != Variant.NONE) {
        long metricsAt = awaitHttp200(process, metricsPort, "/metrics", start, METRICS_TIMEOUT_MS, log);
        metricsReadyMs = (metricsAt - start) / 1e6;
      }
      for (int i = 0; i < WARM_REQUESTS; i++) {
        int status = get(appPort, "/health", 1000, READ_TIMEOUT_MS);
        if (status != 200) {
          throw new IllegalStateException("GET /health answered " + status + " after startup; log: " + log);
        }
      }
      if (variant != Variant.NONE) {
        int status = get(metricsPort, "/metrics", 1000, READ_TIMEOUT_MS);
        if (status != 200) {
          throw new IllegalStateException("GET /metrics answered " + status + "; log: " + log);
        }
      }
      Thread.sleep(options.settleMs());
      if (!process.isAlive()) {
        throw new IllegalStateException(variant.id + " exited with " + process.exitValue() + "; log: " + log);
      }
      Map<String, Long> status = procStatusKb(pid);
      double peakRss = status.getOrDefault("VmHWM", -1L) / 1024.0;
      double rssAtEnd = status.getOrDefault("VmRSS", -1L) / 1024.0;
      return new Sample(round, warmup, false, variant, readyMs, cpuMs, peakRss, metricsReadyMs, rssAtEnd, otherCpuMs,
          selfMs, appPort, metricsPort);
    } finally {
      stop(process);
      synchronized (children) {
        children.remove(process);
      }
      // Let the machine release the old process before the next one starts.
      Thread.sleep(500);
    }
  }

  /** Polls every 5 ms until GET path answers 200; returns System.nanoTime() of that answer. */
  static long awaitHttp200(Process process, int port, String path, long start, long timeoutMs, Path log)
      throws InterruptedException {
    long deadline = start + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
    while (true) {
      int status = get(port, path, CONNECT_TIMEOUT_MS, READ_TIMEOUT_MS);
      if (status == 200) {
        return System.nanoTime();
      }
      if (!process.isAlive()) {
        throw new IllegalStateException("process exited with " + process.exitValue() + " before GET " + path
            + " answered 200; log: " + log + "\n" + tail(log));
      }
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("no 200 from GET 127.0.0.1:" + port + path + " within " + timeoutMs
            + " ms; log: " + log + "\n" + tail(log));
      }
      Thread.sleep(POLL_MS);
    }
  }

  /**
   * One HTTP/1.1 GET on a fresh connection, response read to the end. Returns the status code, or
   * -1 when the connection is refused, times out or breaks.
   */
  static int get(int port, String path, int connectTimeoutMs, int readTimeoutMs) {
    try (Socket socket = new Socket()) {
      socket.setTcpNoDelay(true);
      socket.connect(new InetSocketAddress("127.0.0.1", port), connectTimeoutMs);
      socket.setSoTimeout(readTimeoutMs);
      OutputStream out = socket.getOutputStream();
      out.write(("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nConnection: close\r\n\r\n")
          .getBytes(StandardCharsets.US_ASCII));
      out.flush();
      InputStream in = socket.getInputStream();
      byte[] buffer = new byte[8192];
      StringBuilder head = new StringBuilder();
      int n;
      while ((n = in.read(buffer)) != -1) {
        if (head.length() < 64) {
          head.append(new String(buffer, 0, Math.min(n, 64), StandardCharsets.ISO_8859_1));
        }
      }
      // "HTTP/1.1 200 OK"
      String[] parts = head.toString().split(" ", 3);
      return parts.length >= 2 && parts[0].startsWith("HTTP/") ? Integer.parseInt(parts[1].trim()) : -1;
    } catch (SocketTimeoutException e) {
      return -1;
    } catch (IOException | NumberFormatException e) {
      return -1;
    }
  }

  static void stop(Process process) throws InterruptedException {
    if (!process.isAlive()) {
      return;
    }
    process.destroy(); // SIGTERM
    if (!process.waitFor(15, TimeUnit.SECONDS)) {
      process.destroyForcibly(); // SIGKILL
      process.waitFor(15, TimeUnit.SECONDS);
    }
  }

  static void killChildren() {
    List<Process> left;
    synchronized (children) {
      left = new ArrayList<>(children);
    }
    for (Process process : left) {
      process.destroyForcibly();
    }
  }

  // ---------------------------------------------------------------- /proc

  /** utime + stime of the whole process (all threads), in ms. */
  static double processCpuMs(long pid) throws IOException {
    String stat = Files.readString(Paths.get("/proc", Long.toString(pid), "stat"));
    // The command name (field 2) is in parentheses and may hold spaces; count fields after it.
    String[] fields = stat.substring(stat.lastIndexOf(')') + 2).trim().split("\\s+");
    // fields[0] is field 3 (state); utime is field 14, stime field 15.
    long utime = Long.parseLong(fields[14 - 3]);
    long stime = Long.parseLong(fields[15 - 3]);
    return (utime + stime) * 1000.0 / clockTicks;
  }

  static Map<String, Long> procStatusKb(long pid) throws IOException {
    Map<String, Long> values = new LinkedHashMap<>();
    for (String line : Files.readAllLines(Paths.get("/proc", Long.toString(pid), "status"))) {
      if (line.startsWith("Vm") && line.endsWith(" kB")) {
        int colon = line.indexOf(':');
        values.put(line.substring(0, colon), Long.parseLong(line.substring(colon + 1, line.length() - 3).trim()));
      }
    }
    return values;
  }

  /** [busy, total] clock ticks of all CPUs since boot, from the first line of /proc/stat. */
  static long[] machineCpuTicks() throws IOException {
    String cpu = Files.readAllLines(Paths.get("/proc/stat")).get(0);
    String[] f = cpu.trim().split("\\s+");
    long total = 0;
    long idle = 0;
    // user nice system idle iowait irq softirq steal (guest is already inside user)
    for (int i = 1; i <= Math.min(8, f.length - 1); i++) {
      long v = Long.parseLong(f[i]);
      total += v;
      if (i == 4 || i == 5) {
        idle += v;
      }
    }
    return new long[] {total - idle, total};
  }

  static void waitForQuietMachine(Options options) throws IOException, InterruptedException {
    if (options.quietCpu() <= 0) {
      return;
    }
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(options.quietTimeoutS());
    boolean warned = false;
    while (true) {
      long[] a = machineCpuTicks();
      Thread.sleep(1000);
      long[] b = machineCpuTicks();
      double cores = (b[0] - a[0]) / (double) clockTicks;
      if (cores < options.quietCpu()) {
        return;
      }
      if (System.nanoTime() > deadline) {
        System.out.printf(Locale.ROOT, "  (machine still busy, %.2f cores in use; running anyway)%n", cores);
        return;
      }
      if (!warned) {
        System.out.printf(Locale.ROOT, "  (waiting for a quiet machine: %.2f cores in use)%n", cores);
        warned = true;
      }
    }
  }

  static String loadAverage() {
    try {
      String[] f = Files.readString(Paths.get("/proc/loadavg")).trim().split("\\s+");
      return f[0] + " / " + f[1] + " / " + f[2];
    } catch (IOException e) {
      return "?";
    }
  }

  static long clockTicks() {
    try {
      Process p = new ProcessBuilder("getconf", "CLK_TCK").redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).trim();
      p.waitFor(10, TimeUnit.SECONDS);
      return Long.parseLong(out);
    } catch (IOException | NumberFormatException e) {
      System.err.println("warning: getconf CLK_TCK failed (" + e + "); assuming 100");
      return 100;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return 100;
    }
  }

  // ---------------------------------------------------------------- tables

  record Metric(String title, ToDoubleFunction<Sample> value, int decimals) {}

  static final List<Metric> METRICS = List.of(
      new Metric("Time to first /health 200 (ms)", Sample::readyMs, 0),
      new Metric("CPU time at ready (ms)", Sample::cpuAtReadyMs, 0),
      new Metric("Peak RSS (MiB)", Sample::peakRssMiB, 1));

  static String mainTable(List<Sample> samples, Map<Variant, String> labels) {
    StringBuilder t = new StringBuilder();
    t.append("| Metric | ").append(labels.get(Variant.NONE)).append(" | ").append(labels.get(Variant.EARSHOT))
        .append(" | ").append(labels.get(Variant.OTEL))
        .append(" | Earshot overhead | OTel overhead | Earshot overhead as % of OTel's |\n");
    t.append("|---|---:|---:|---:|---:|---:|---:|\n");
    for (Metric m : METRICS) {
      double none = median(values(samples, Variant.NONE, m.value()));
      double earshot = median(values(samples, Variant.EARSHOT, m.value()));
      double otel = median(values(samples, Variant.OTEL, m.value()));
      double earshotOverhead = earshot - none;
      double otelOverhead = otel - none;
      t.append("| ").append(m.title())
          .append(" | ").append(cell(values(samples, Variant.NONE, m.value()), m.decimals()))
          .append(" | ").append(cell(values(samples, Variant.EARSHOT, m.value()), m.decimals()))
          .append(" | ").append(cell(values(samples, Variant.OTEL, m.value()), m.decimals()))
          .append(" | ").append(signed(earshotOverhead, m.decimals())).append(pct(earshotOverhead, none))
          .append(" | ").append(signed(otelOverhead, m.decimals())).append(pct(otelOverhead, none))
          .append(" | ").append(otelOverhead > 0 ? fmt0(100 * earshotOverhead / otelOverhead) + " %" : "n/a")
          .append(" |\n");
    }
    return t.toString();
  }

  static String pairedTable(List<Sample> samples, Map<Variant, String> labels) {
    StringBuilder t = new StringBuilder();
    t.append("| Metric | ").append(labels.get(Variant.EARSHOT)).append(" − no agent | ")
        .append(labels.get(Variant.OTEL)).append(" − no agent |\n");
    t.append("|---|---:|---:|\n");
    for (Metric m : METRICS) {
      t.append("| ").append(m.title());
      for (Variant v : new Variant[] {Variant.EARSHOT, Variant.OTEL}) {
        List<Double> diffs = new ArrayList<>();
        for (Sample s : samples) {
          if (s.variant() != v) {
            continue;
          }
          samples.stream()
              .filter(o -> o.variant() == Variant.NONE && o.round() == s.round())
              .findFirst()
              .ifPresent(o -> diffs.add(m.value().applyAsDouble(s) - m.value().applyAsDouble(o)));
        }
        double[] d = diffs.stream().mapToDouble(Double::doubleValue).toArray();
        t.append(" | ").append(signed(median(d), m.decimals())).append(" (")
            .append(signed(min(d), m.decimals())).append(" … ").append(signed(max(d), m.decimals())).append(')');
      }
      t.append(" |\n");
    }
    return t.toString();
  }

  static String csv(List<Sample> samples) {
    StringBuilder c = new StringBuilder("round,warmup,discarded,variant,ready_ms,cpu_at_ready_ms,peak_rss_mib,"
        + "metrics_ready_ms,rss_at_end_mib,other_cpu_ms,harness_cpu_ms,app_port,metrics_port\n");
    for (Sample s : samples) {
      List<String> row = List.of(
          Integer.toString(s.round()),
          Boolean.toString(s.warmup()),
          Boolean.toString(s.discarded()),
          s.variant().id,
          fmt1(s.readyMs()),
          fmt0(s.cpuAtReadyMs()),
          fmt1(s.peakRssMiB()),
          Double.isNaN(s.metricsReadyMs()) ? "" : fmt1(s.metricsReadyMs()),
          fmt1(s.rssAtEndMiB()),
          fmt0(s.otherCpuMs()),
          fmt0(s.harnessCpuMs()),
          Integer.toString(s.appPort()),
          s.metricsPort() < 0 ? "" : Integer.toString(s.metricsPort()));
      c.append(String.join(",", row)).append('\n');
    }
    return c.toString();
  }

  static double[] values(List<Sample> samples, Variant variant, ToDoubleFunction<Sample> f) {
    return samples.stream().filter(s -> s.variant() == variant).mapToDouble(f).filter(d -> !Double.isNaN(d)).toArray();
  }

  static String cell(double[] v, int decimals) {
    if (v.length == 0) {
      return "-";
    }
    return fmt(median(v), decimals) + " (" + fmt(min(v), decimals) + "–" + fmt(max(v), decimals) + ")";
  }

  static double median(double[] v) {
    if (v.length == 0) {
      return Double.NaN;
    }
    double[] s = v.clone();
    Arrays.sort(s);
    int n = s.length;
    return n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
  }

  static double min(double[] v) {
    return Arrays.stream(v).min().orElse(Double.NaN);
  }

  static double max(double[] v) {
    return Arrays.stream(v).max().orElse(Double.NaN);
  }

  static String pct(double overhead, double base) {
    return base > 0 ? " (" + (overhead >= 0 ? "+" : "") + fmt0(100 * overhead / base) + " %)" : "";
  }

  static String signed(double v, int decimals) {
    return (v >= 0 ? "+" : "") + fmt(v, decimals);
  }

  static String fmt(double v, int decimals) {
    return String.format(Locale.ROOT, "%." + decimals + "f", v);
  }

  static String fmt0(double v) {
    return fmt(v, 0);
  }

  static String fmt1(double v) {
    return fmt(v, 1);
  }

  // ---------------------------------------------------------------- misc

  static Options parse(String[] args) {
    Path root = repoRoot();
    int runs = 7;
    int warmup = 1;
    Path javaHome = Paths.get(System.getProperty("java.home"));
    Path app = root.resolve("sample-app/target/earshot-sample-app.jar");
    Path earshot = root.resolve("agent/target/earshot-agent.jar");
    Path otel = root.resolve("bench/.cache/opentelemetry-javaagent-2.31.1.jar");
    Path out = root.resolve("bench/results");
    long settleMs = 2000;
    double quietCpu = 0.3;
    long quietTimeoutS = 60;
    double maxOtherCpu = 0.15;
    int maxAttempts = 4;
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      if (arg.equals("-h") || arg.equals("--help")) {
        System.out.print(USAGE);
        System.exit(0);
      }
      if (i + 1 >= args.length) {
        throw new IllegalArgumentException("missing value after " + arg);
      }
      String value = args[++i];
      try {
        switch (arg) {
          case "--runs" -> runs = Integer.parseInt(value);
          case "--warmup" -> warmup = Integer.parseInt(value);
          case "--java" -> javaHome = Paths.get(value);
          case "--app" -> app = Paths.get(value);
          case "--earshot-agent" -> earshot = Paths.get(value);
          case "--otel-agent" -> otel = Paths.get(value);
          case "--out" -> out = Paths.get(value);
          case "--settle-ms" -> settleMs = Long.parseLong(value);
          case "--quiet-cpu" -> quietCpu = Double.parseDouble(value);
          case "--quiet-timeout-s" -> quietTimeoutS = Long.parseLong(value);
          case "--max-other-cpu" -> maxOtherCpu = Double.parseDouble(value);
          case "--max-attempts" -> maxAttempts = Integer.parseInt(value);
          default -> throw new IllegalArgumentException("unknown option " + arg);
        }
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("not a number after " + arg + ": " + value);
      }
    }
    if (runs < 1 || maxAttempts < 1 || warmup < 0 || settleMs < 0 || quietTimeoutS < 0) {
      throw new IllegalArgumentException(
          "--runs and --max-attempts must be at least 1; --warmup, --settle-ms, --quiet-timeout-s at least 0");
    }
    if (runs < 5) {
      System.err.println("warning: fewer than 5 rounds; medians will be noisy");
    }
    return new Options(
        runs, warmup, javaHome, app, earshot, otel, out, settleMs, quietCpu, quietTimeoutS, maxOtherCpu, maxAttempts);
  }

  /** The nearest directory upwards from the working directory that holds this benchmark; else the working directory. */
  static Path repoRoot() {
    Path cwd = Paths.get("").toAbsolutePath();
    for (Path p = cwd; p != null; p = p.getParent()) {
      if (Files.isRegularFile(p.resolve("bench/startup/StartupOverhead.java"))) {
        return p;
      }
    }
    return cwd;
  }

  static int freePort(int... avoid) {
    for (int attempt = 0; attempt < 20; attempt++) {
      try (ServerSocket socket = new ServerSocket(0)) {
        int port = socket.getLocalPort();
        if (Arrays.stream(avoid).noneMatch(a -> a == port)) {
          return port;
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    throw new IllegalStateException("no free port");
  }

  static String javaVersion(Path java) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(java.toString(), "-version").redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    p.waitFor(30, TimeUnit.SECONDS);
    String[] lines = out.split("\n");
    // Line 2 names the runtime build, e.g. "OpenJDK Runtime Environment Temurin-25+36 (build 25+36-LTS)".
    return lines.length >= 2 ? lines[1].trim() : out.trim();
  }

  /** The collector the JVM under test picks by itself with the benchmark's heap setting, e.g. "G1". */
  static String collector(Path java) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(java.toString(), XMX, "-XX:+PrintFlagsFinal", "-version")
        .redirectErrorStream(true)
        .start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    p.waitFor(30, TimeUnit.SECONDS);
    Matcher m = Pattern
        .compile("bool Use(Serial|Parallel|G1|Z|Shenandoah|Epsilon)GC\\s+= true").matcher(out);
    return m.find() ? m.group(1) : "unknown";
  }

  static String featureVersion(String javaVersion) {
    Matcher m = Pattern.compile("build (\\d+)").matcher(javaVersion);
    return m.find() ? m.group(1) : "unknown";
  }

  static String manifestVersion(Path jar) {
    try (JarFile file = new JarFile(jar.toFile())) {
      return file.getManifest() == null
          ? null
          : file.getManifest().getMainAttributes().getValue("Implementation-Version");
    } catch (IOException e) {
      return null;
    }
  }

  static String sizeMiB(Path file) throws IOException {
    return fmt1(Files.size(file) / (1024.0 * 1024.0));
  }

  static String osDescription() {
    String kernel = System.getProperty("os.name") + " " + System.getProperty("os.version");
    try {
      for (String line : Files.readAllLines(Paths.get("/proc/meminfo"))) {
        if (line.startsWith("MemTotal:")) {
          long kb = Long.parseLong(line.replaceAll("[^0-9]", ""));
          return kernel + ", " + fmt1(kb / 1024.0 / 1024.0) + " GiB RAM";
        }
      }
    } catch (IOException | NumberFormatException ignored) {
      // keep the kernel only
    }
    return kernel;
  }

  static String tail(Path log) {
    try {
      List<String> lines = Files.readAllLines(log);
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
    } catch (IOException e) {
      return "(no log: " + e + ")";
    }
  }

  static void deleteLogs(Path dir) {
    try (var files = Files.list(dir)) {
      for (Path f : files.toList()) {
        Files.deleteIfExists(f);
      }
      Files.deleteIfExists(dir);
    } catch (IOException ignored) {
      // a temp directory; not worth failing for
    }
  }

  static void fail(String message) {
    System.err.println("error: " + message);
    System.exit(1);
  }
}
