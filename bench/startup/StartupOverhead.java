import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.ToDoubleFunction;
import java.util.jar.Attributes;
import java.util.jar.JarFile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Start-up and memory overhead of Java agents on one application: no agent, Earshot, the
 * OpenTelemetry Java agent (metrics only, Prometheus exporter) with its default instrumentations
 * and trimmed to Earshot's job, and optionally a second Earshot build.
 *
 * <p>Run with the JDK source launcher, no dependencies, Linux only (reads /proc). One file, because
 * the JDK 17 source launcher runs single-file programs only; the nested classes are its parts:
 * {@link Options} and {@link Variant} (what runs), {@link Launch} (one exercised JVM),
 * {@link StartupMode} (time, CPU and peak RSS in alternating rounds), {@link BreakdownMode} and
 * {@link Jcmd} (where the resident memory goes), then HTTP, /proc and table helpers.
 *
 * <pre>
 *   java bench/startup/StartupOverhead.java --runs 7
 *   java bench/startup/StartupOverhead.java --breakdown --runs 3
 * </pre>
 *
 * <p>See bench/README.md for the method and how to read the results.
 */
public class StartupOverhead {

  static final String OTEL_AGENT_VERSION = "2.31.1";

  static final String USAGE = """
      usage: java bench/startup/StartupOverhead.java [options]

      Startup mode (default): time to first health 200, CPU time at ready and peak RSS of every variant,
      in alternating rounds. --breakdown instead: where each variant's resident memory goes (NMT categories,
      live heap, classes and metaspace per class loader, threads, RSS by mapping).

      What runs
        --variants LIST      comma list of none, earshot, earshot-baseline, otel, otel-trimmed
                             (default none,earshot,otel,otel-trimmed; earshot-baseline is added after earshot
                             when --baseline-agent is given)
        --baseline-agent JAR a second Earshot build, run as variant earshot-baseline with earshot's flags
        --earshot-agent JAR  Earshot agent (default <repo>/agent/target/earshot-agent.jar)
        --otel-agent JAR     OpenTelemetry Java agent (default <repo>/bench/.cache/opentelemetry-javaagent-%1$s.jar)
        --java DIR           JDK home of the measured JVMs (default: the JDK running this program)

      The application
        --app-jar JAR        executable jar (default <repo>/sample-app/target/earshot-sample-app.jar)
        --app-args "ARGS"    its arguments, split at spaces, {port} replaced by a free port (default for a
                             Spring Boot jar "--server.port={port} --server.address=127.0.0.1", otherwise the
                             sample app's "--port {port} --host 127.0.0.1")
        --health-path PATH   polled until it answers 200 (default /actuator/health for a Spring Boot jar,
                             otherwise /health)
        --warm-path PATH     requested %2$d times once the app is ready (default: the health path)

      Rounds and output
        --breakdown          memory breakdown mode (adds -XX:NativeMemoryTracking=summary to every variant)
        --runs N             measured rounds; each round runs every variant once (default 7; breakdown 3)
        --warmup N           discarded rounds before measuring (default 1; breakdown 0)
        --settle-ms N        quiet time after the warm-up traffic before measuring (default 2000)
        --out DIR            where the Markdown report and the CSV go (default <repo>/bench/results)

      Contention guard (startup mode only)
        --quiet-cpu X        before each run, wait until the machine uses less than X cores
                             (sampled over 1 s; default 0.3; 0 disables)
        --quiet-timeout-s N  give up waiting for a quiet machine after N s and run anyway (default 60)
        --max-other-cpu X    discard and repeat a measured run if other processes used more than X cores
                             on average between its start and its first health 200 (default 0.15; 0 disables)
        --max-attempts N     attempts per measured run before a busy run is kept anyway (default 4)
      """.formatted(OTEL_AGENT_VERSION, Launch.WARM_REQUESTS);

  static final String XMX = "-Xmx512m";

  static long clockTicks = 100;

  public static void main(String[] args) throws Exception {
    Options options;
    try {
      options = Options.parse(args);
    } catch (IllegalArgumentException e) {
      System.err.println("error: " + e.getMessage());
      System.err.print(USAGE);
      System.exit(2);
      return;
    }
    if (!Files.isReadable(Paths.get("/proc/self/stat"))) {
      fail("this benchmark reads /proc and runs on Linux only");
    }
    if (!Files.isExecutable(options.java())) {
      fail("no java executable at " + options.java());
    }
    if (options.breakdown() && !Files.isExecutable(options.jcmd())) {
      fail("no jcmd at " + options.jcmd() + " (the breakdown needs a full JDK under test)");
    }
    List<Path> jars = new ArrayList<>(List.of(options.app().jar()));
    options.variants().stream().map(Variant::agent).filter(a -> a != null).forEach(jars::add);
    for (Path jar : jars) {
      if (!Files.isRegularFile(jar)) {
        fail("missing " + jar + " (bench/startup/run.sh builds and downloads what is missing)");
      }
    }
    clockTicks = clockTicks();
    Runtime.getRuntime().addShutdownHook(new Thread(Launch::killChildren));
    Path logDir = Files.createTempDirectory("earshot-startup-");
    Environment environment = Environment.describe(options);
    System.out.printf(Locale.ROOT, "JDK under test: %s (%s)%n", options.javaHome(), environment.javaVersion());
    System.out.printf(Locale.ROOT, "App: %s %s (health %s, warm-up %s)%n", options.app().jar().getFileName(),
        String.join(" ", options.app().args()), options.app().healthPath(), options.app().warmPath());
    System.out.printf(Locale.ROOT, "%d warm-up + %d measured rounds of [%s]%s; logs in %s%n", options.warmup(),
        options.runs(), options.variants().stream().map(Variant::id).collect(Collectors.joining(", ")),
        options.breakdown() ? ", memory breakdown" : "", logDir);

    Report report = options.breakdown()
        ? BreakdownMode.run(options, environment, logDir)
        : StartupMode.run(options, environment, logDir);

    System.out.println();
    System.out.print(report.markdown());
    Files.createDirectories(options.out());
    String base = (options.breakdown() ? "memory-breakdown" : "startup")
        + (options.app().name() == null ? "" : "-" + options.app().name())
        + "-jdk" + featureVersion(environment.javaVersion());
    Path mdFile = options.out().resolve(base + ".md");
    Path csvFile = options.out().resolve(base + ".csv");
    Files.writeString(mdFile, report.markdown(), StandardCharsets.UTF_8);
    Files.writeString(csvFile, report.csv(), StandardCharsets.UTF_8);
    System.out.println();
    System.out.println("Wrote " + mdFile + " and " + csvFile);
    deleteLogs(logDir);
  }

  record Report(String markdown, String csv) {}

  // ================================================================ options and variants

  /** The application under test and how it is driven. {@code name} is null for the sample app (no file infix). */
  record App(Path jar, List<String> args, String healthPath, String warmPath, String name, boolean springBoot) {

    List<String> args(int port) {
      return args.stream().map(a -> a.replace("{port}", Integer.toString(port))).toList();
    }
  }

  record Options(
      boolean breakdown, int runs, int warmup, Path javaHome, App app, List<Variant> variants, Path out,
      long settleMs, double quietCpu, long quietTimeoutS, double maxOtherCpu, int maxAttempts) {

    Path java() {
      return javaHome.resolve("bin/java");
    }

    Path jcmd() {
      return javaHome.resolve("bin/jcmd");
    }

    static Options parse(String[] args) {
      Path root = repoRoot();
      Map<String, String> given = new LinkedHashMap<>();
      boolean breakdown = false;
      for (int i = 0; i < args.length; i++) {
        String arg = args[i];
        if (arg.equals("-h") || arg.equals("--help")) {
          System.out.print(USAGE);
          System.exit(0);
        }
        if (arg.equals("--breakdown")) {
          breakdown = true;
          continue;
        }
        if (!KNOWN.contains(arg)) {
          throw new IllegalArgumentException("unknown option " + arg);
        }
        if (i + 1 >= args.length) {
          throw new IllegalArgumentException("missing value after " + arg);
        }
        given.put(arg, args[++i]); // a later occurrence wins, so run.sh's defaults can be overridden
      }
      try {
        int runs = Integer.parseInt(given.getOrDefault("--runs", breakdown ? "3" : "7"));
        int warmup = Integer.parseInt(given.getOrDefault("--warmup", breakdown ? "0" : "1"));
        long settleMs = Long.parseLong(given.getOrDefault("--settle-ms", "2000"));
        double quietCpu = Double.parseDouble(given.getOrDefault("--quiet-cpu", "0.3"));
        long quietTimeoutS = Long.parseLong(given.getOrDefault("--quiet-timeout-s", "60"));
        double maxOtherCpu = Double.parseDouble(given.getOrDefault("--max-other-cpu", "0.15"));
        int maxAttempts = Integer.parseInt(given.getOrDefault("--max-attempts", "4"));
        if (runs < 1 || maxAttempts < 1 || warmup < 0 || settleMs < 0 || quietTimeoutS < 0) {
          throw new IllegalArgumentException(
              "--runs and --max-attempts must be at least 1; --warmup, --settle-ms, --quiet-timeout-s at least 0");
        }
        if (runs < 5 && !breakdown) {
          System.err.println("warning: fewer than 5 rounds; medians will be noisy");
        }
        Path javaHome = Paths.get(given.getOrDefault("--java", System.getProperty("java.home")));
        Path out = Paths.get(given.getOrDefault("--out", root.resolve("bench/results").toString()));
        App app = app(root, given);
        List<Variant> variants = Variant.select(
            given.getOrDefault("--variants", "none,earshot,otel,otel-trimmed"),
            Paths.get(given.getOrDefault("--earshot-agent", root.resolve("agent/target/earshot-agent.jar").toString())),
            given.containsKey("--baseline-agent") ? Paths.get(given.get("--baseline-agent")) : null,
            Paths.get(given.getOrDefault("--otel-agent",
                root.resolve("bench/.cache/opentelemetry-javaagent-" + OTEL_AGENT_VERSION + ".jar").toString())));
        return new Options(breakdown, runs, warmup, javaHome, app, variants, out, settleMs, quietCpu, quietTimeoutS,
            maxOtherCpu, maxAttempts);
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("not a number: " + e.getMessage());
      }
    }

    static final Set<String> KNOWN = Set.of("--runs", "--warmup", "--java", "--app-jar", "--app-args",
        "--health-path", "--warm-path", "--variants", "--baseline-agent", "--earshot-agent", "--otel-agent", "--out",
        "--settle-ms", "--quiet-cpu", "--quiet-timeout-s", "--max-other-cpu", "--max-attempts");

    /** The app and its defaults: a Spring Boot jar gets Spring Boot's port flag and actuator health. */
    static App app(Path root, Map<String, String> given) {
      Path sampleApp = root.resolve("sample-app/target/earshot-sample-app.jar");
      Path jar = Paths.get(given.getOrDefault("--app-jar", sampleApp.toString()));
      boolean springBoot = manifestAttribute(jar, "Spring-Boot-Version") != null;
      String args = given.getOrDefault("--app-args",
          springBoot ? "--server.port={port} --server.address=127.0.0.1" : "--port {port} --host 127.0.0.1");
      if (!args.contains("{port}")) {
        throw new IllegalArgumentException("--app-args must contain {port}, where the app's port goes");
      }
      String health = given.getOrDefault("--health-path", springBoot ? "/actuator/health" : "/health");
      String warm = given.getOrDefault("--warm-path", health);
      if (!health.startsWith("/") || !warm.startsWith("/")) {
        throw new IllegalArgumentException("--health-path and --warm-path start with /");
      }
      boolean isSampleApp = jar.toAbsolutePath().normalize().equals(sampleApp.toAbsolutePath().normalize());
      return new App(jar, List.of(args.trim().split("\\s+")), health, warm, isSampleApp ? null : appName(jar),
          springBoot);
    }

    /** "spring-petclinic-4.0.0-SNAPSHOT.jar" becomes "spring-petclinic": the report file's infix. */
    static String appName(Path jar) {
      String name = jar.getFileName().toString().replaceFirst("\\.jar$", "");
      String withoutVersion = name.replaceFirst("-\\d.*$", "");
      return (withoutVersion.isEmpty() ? name : withoutVersion).replaceAll("[^A-Za-z0-9._-]", "_");
    }
  }

  /**
   * One way of starting the app. {@code flags} are the JVM options besides the Prometheus port and
   * host, which every agent variant gets.
   */
  record Variant(String id, String label, Path agent, List<String> flags) {

    static final List<String> IDS = List.of("none", "earshot", "earshot-baseline", "otel", "otel-trimmed");

    /** The OTel agent reduced to what Earshot does: metrics only, on the Prometheus exporter. */
    static final List<String> OTEL_METRICS_ONLY = List.of(
        "-Dotel.traces.exporter=none", "-Dotel.logs.exporter=none", "-Dotel.metrics.exporter=prometheus");

    /**
     * The OTel agent's instrumentations that match what Earshot measures, named as the agent's own
     * InstrumentationModule classes name themselves (each module's constructor arguments in the
     * 2.31.1 jar; any of a module's names works in otel.instrumentation.NAME.enabled). Reasons in
     * bench/README.md. Not here: WebSocket (the OTel agent has no WebSocket instrumentation) and
     * OSHI (OTel's "oshi" instruments an application's own OSHI, not the system metrics Earshot
     * reports by itself).
     */
    static final List<String> OTEL_TRIMMED_INSTRUMENTATIONS = List.of(
        "jetty", "tomcat", "servlet", "javalin", "spring-webmvc", "java-http-server", "java-http-client", "okhttp",
        "openai", "runtime-telemetry");

    static List<String> otelTrimmedFlags() {
      List<String> flags = new ArrayList<>(OTEL_METRICS_ONLY);
      flags.add("-Dotel.instrumentation.common.default-enabled=false");
      for (String name : OTEL_TRIMMED_INSTRUMENTATIONS) {
        flags.add("-Dotel.instrumentation." + name + ".enabled=true");
      }
      return flags;
    }

    static List<Variant> select(String list, Path earshot, Path baseline, Path otel) {
      List<String> ids = new ArrayList<>();
      for (String id : list.split(",")) {
        String trimmed = id.trim();
        if (!IDS.contains(trimmed)) {
          throw new IllegalArgumentException("unknown variant " + trimmed + " (known: " + String.join(", ", IDS) + ")");
        }
        if (ids.contains(trimmed)) {
          throw new IllegalArgumentException("variant " + trimmed + " listed twice");
        }
        ids.add(trimmed);
      }
      if (baseline != null && !ids.contains("earshot-baseline")) {
        ids.add(ids.contains("earshot") ? ids.indexOf("earshot") + 1 : ids.size(), "earshot-baseline");
      }
      if (baseline == null && ids.contains("earshot-baseline")) {
        throw new IllegalArgumentException("variant earshot-baseline needs --baseline-agent JAR");
      }
      String otelLabel = "OTel agent" + versionSuffix(otel);
      List<Variant> variants = new ArrayList<>();
      for (String id : ids) {
        variants.add(switch (id) {
          case "none" -> new Variant(id, "No agent", null, List.of());
          case "earshot" -> new Variant(id, "Earshot" + versionSuffix(earshot), earshot, List.of());
          case "earshot-baseline" -> new Variant(id, "Earshot baseline" + versionSuffix(baseline), baseline, List.of());
          case "otel" -> new Variant(id, otelLabel, otel, OTEL_METRICS_ONLY);
          case "otel-trimmed" -> new Variant(id, otelLabel + " trimmed", otel, otelTrimmedFlags());
          default -> throw new IllegalStateException(id);
        });
      }
      return variants;
    }

    static String versionSuffix(Path agent) {
      String version = manifestAttribute(agent, "Implementation-Version");
      return version == null ? "" : " " + version;
    }

    boolean hasAgent() {
      return agent != null;
    }

    boolean isEarshot() {
      return id.startsWith("earshot");
    }

    List<String> jvmFlags(int metricsPort) {
      List<String> all = new ArrayList<>();
      if (agent != null) {
        all.add("-javaagent:" + agent.toAbsolutePath());
        all.addAll(flags);
        all.add("-Dotel.exporter.prometheus.port=" + metricsPort);
        all.add("-Dotel.exporter.prometheus.host=127.0.0.1");
      }
      return all;
    }

    /** The command-line flags as the report shows them, with P for the metrics port. */
    String describe() {
      if (agent == null) {
        return "(no agent)";
      }
      return "-javaagent:" + agent.getFileName() + (flags.isEmpty() ? "" : " " + String.join(" ", flags))
          + " -Dotel.exporter.prometheus.port=P -Dotel.exporter.prometheus.host=127.0.0.1";
    }
  }

  /** What the report header says about the machine and the JDK under test. */
  record Environment(String startedAt, String javaVersion, String gc, String loadBefore) {

    static Environment describe(Options options) throws IOException, InterruptedException {
      return new Environment(ZonedDateTime.now(ZoneOffset.UTC).format(DateTimeFormatter.ISO_INSTANT),
          StartupOverhead.javaVersion(options.java()), collector(options.java()), loadAverage());
    }

    /** Header lines common to both reports. */
    String header(Options options, String loadAfter, List<String> extraJvmFlags) {
      StringBuilder md = new StringBuilder();
      md.append("- Date: ").append(startedAt).append('\n');
      md.append("- JDK under test: ").append(javaVersion).append(" (").append(options.javaHome()).append("), ")
          .append(gc).append(" GC (ergonomic choice with ").append(XMX).append(")\n");
      md.append("- Host: ").append(Runtime.getRuntime().availableProcessors()).append(" CPUs, ")
          .append(osDescription()).append("; load average before ").append(loadBefore)
          .append(", after ").append(loadAfter).append('\n');
      App app = options.app();
      md.append("- App: `").append(app.jar().getFileName()).append(' ').append(String.join(" ", app.args()))
          .append("` (").append(sizeMiB(app.jar())).append(" MiB jar")
          .append(app.springBoot() ? ", Spring Boot" : "").append("); ready when `GET ").append(app.healthPath())
          .append("` answers 200; warm-up traffic ").append(Launch.WARM_REQUESTS).append(" × `GET ")
          .append(app.warmPath()).append("`\n");
      md.append("- All JVMs: `").append(XMX);
      extraJvmFlags.forEach(f -> md.append(' ').append(f));
      md.append("`\n");
      for (Variant v : options.variants()) {
        md.append("- ").append(v.id()).append(": `").append(v.describe()).append('`');
        if (v.hasAgent()) {
          md.append(" (").append(sizeMiB(v.agent())).append(" MiB jar)");
        }
        md.append('\n');
      }
      return md.toString();
    }
  }

  // ================================================================ one run: start, exercise, measure, stop

  /**
   * Starts one variant, waits for the app's first health 200, then exercises it the same way in
   * both modes: metrics endpoint up (agents), {@link #WARM_REQUESTS} requests, one scrape, settle
   * time; then hands the live process to a probe and stops it.
   */
  static final class Launch {
    static final int WARM_REQUESTS = 20;
    static final long POLL_MS = 5;
    static final int CONNECT_TIMEOUT_MS = 100;
    static final int READ_TIMEOUT_MS = 10_000;
    static final long READY_TIMEOUT_MS = 180_000;
    static final long METRICS_TIMEOUT_MS = 60_000;
    static final List<Process> children = new ArrayList<>();

    /** What the harness saw up to the moment the probe runs; times in ms. metricsReadyMs and httpServerRequests are NaN without an agent. */
    record Exercised(
        Variant variant, long pid, int appPort, int metricsPort, double readyMs, double cpuAtReadyMs,
        double otherCpuMs, double harnessCpuMs, double metricsReadyMs, double httpServerRequests, Path log) {}

    interface Probe<T> {
      T measure(Exercised run) throws IOException, InterruptedException;
    }

    static <T> T run(Options options, Variant variant, List<String> extraJvmFlags, String runName, Path logDir,
        Probe<T> probe) throws IOException, InterruptedException {
      int appPort = freePort();
      int metricsPort = variant.hasAgent() ? freePort(appPort) : -1;
      List<String> command = new ArrayList<>();
      command.add(options.java().toString());
      command.add(XMX);
      command.addAll(extraJvmFlags);
      command.addAll(variant.jvmFlags(metricsPort));
      command.add("-jar");
      command.add(options.app().jar().toAbsolutePath().toString());
      command.addAll(options.app().args(appPort));

      Path log = logDir.resolve(runName + "-" + variant.id() + ".log");
      Files.writeString(logDir.resolve(log.getFileName() + ".cmd"), String.join(" ", command) + "\n");
      ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
      // Nothing from this shell may configure the measured JVMs.
      builder.environment().keySet().removeIf(name -> name.startsWith("OTEL_") || name.startsWith("EARSHOT_")
          || name.equals("JAVA_TOOL_OPTIONS") || name.equals("JDK_JAVA_OPTIONS") || name.equals("_JAVA_OPTIONS")
          || name.equals("PORT") || name.equals("HOST") || name.equals("SERVER_PORT"));

      long[] machineBefore = machineCpuTicks();
      double selfBefore = processCpuMs(ProcessHandle.current().pid());
      long start = System.nanoTime();
      Process process = start(builder);
      try {
        long pid = process.pid();
        String health = options.app().healthPath();
        long readyAt = awaitHttp200(process, appPort, health, start, READY_TIMEOUT_MS, log);
        double readyMs = (readyAt - start) / 1e6;
        double cpuMs = processCpuMs(pid);
        long[] machineAfter = machineCpuTicks();
        double selfMs = processCpuMs(ProcessHandle.current().pid()) - selfBefore;
        double machineBusyMs = (machineAfter[0] - machineBefore[0]) * 1000.0 / clockTicks;
        // Everything but the measured JVM and this harness (whose polling is part of every run alike).
        double otherCpuMs = Math.max(0, machineBusyMs - cpuMs - selfMs);

        double metricsReadyMs = Double.NaN;
        if (variant.hasAgent()) {
          long metricsAt = awaitHttp200(process, metricsPort, "/metrics", start, METRICS_TIMEOUT_MS, log);
          metricsReadyMs = (metricsAt - start) / 1e6;
        }
        String warm = options.app().warmPath();
        for (int i = 0; i < WARM_REQUESTS; i++) {
          int status = Http.get(appPort, warm, 1000, READ_TIMEOUT_MS);
          if (status < 200 || status >= 400) {
            throw new IllegalStateException("GET " + warm + " answered " + status + " after startup; log: " + log);
          }
        }
        double httpServerRequests = Double.NaN;
        if (variant.hasAgent()) {
          httpServerRequests = Http.httpServerRequestCount(Http.scrape(metricsPort, log));
        }
        Thread.sleep(options.settleMs());
        if (!process.isAlive()) {
          throw new IllegalStateException(variant.id() + " exited with " + process.exitValue() + "; log: " + log);
        }
        return probe.measure(new Exercised(variant, pid, appPort, metricsPort, readyMs, cpuMs, otherCpuMs, selfMs,
            metricsReadyMs, httpServerRequests, log));
      } finally {
        stop(process);
        // Let the machine release the old process before the next one starts.
        Thread.sleep(500);
      }
    }

    /** Starts a child process that the shutdown hook kills if the harness is interrupted (Ctrl-C). */
    static Process start(ProcessBuilder builder) throws IOException {
      synchronized (children) {
        Process process = builder.start();
        children.add(process);
        return process;
      }
    }

    static void stop(Process process) throws InterruptedException {
      try {
        if (process.isAlive()) {
          process.destroy(); // SIGTERM
          if (!process.waitFor(15, TimeUnit.SECONDS)) {
            process.destroyForcibly(); // SIGKILL
            process.waitFor(15, TimeUnit.SECONDS);
          }
        }
      } finally {
        synchronized (children) {
          children.remove(process);
        }
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

    /** Polls every 5 ms until GET path answers 200; returns System.nanoTime() of that answer. */
    static long awaitHttp200(Process process, int port, String path, long start, long timeoutMs, Path log)
        throws InterruptedException {
      long deadline = start + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
      while (true) {
        int status = Http.get(port, path, CONNECT_TIMEOUT_MS, READ_TIMEOUT_MS);
        if (status == 200) {
          return System.nanoTime();
        }
        if (!process.isAlive()) {
          throw new IllegalStateException("process exited with " + process.exitValue() + " before GET " + path
              + " answered 200; log: " + log + "\n" + tail(log));
        }
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("no 200 from GET 127.0.0.1:" + port + path + " within " + timeoutMs
              + " ms (last status " + status + "; see --health-path); log: " + log + "\n" + tail(log));
        }
        Thread.sleep(POLL_MS);
      }
    }
  }

  // ================================================================ startup mode

  static final class StartupMode {

    /** One run of one variant; times in ms, sizes in MiB. metricsReadyMs and httpServerRequests are NaN without an agent. */
    record Sample(
        int round, boolean warmup, boolean discarded, Variant variant, double readyMs, double cpuAtReadyMs,
        double peakRssMiB, double metricsReadyMs, double rssAtEndMiB, double otherCpuMs, double harnessCpuMs,
        int appPort, int metricsPort, double httpServerRequests) {

      /** CPU used by other processes during the startup window, in cores (1.0 = one core busy throughout). */
      double otherCores() {
        return readyMs > 0 ? otherCpuMs / readyMs : 0;
      }

      Sample asDiscarded() {
        return new Sample(round, warmup, true, variant, readyMs, cpuAtReadyMs, peakRssMiB, metricsReadyMs,
            rssAtEndMiB, otherCpuMs, harnessCpuMs, appPort, metricsPort, httpServerRequests);
      }
    }

    record Metric(String title, ToDoubleFunction<Sample> value, int decimals) {}

    static final List<Metric> METRICS = List.of(
        new Metric("Time to first health 200 (ms)", Sample::readyMs, 0),
        new Metric("CPU time at ready (ms)", Sample::cpuAtReadyMs, 0),
        new Metric("Peak RSS (MiB)", Sample::peakRssMiB, 1));

    static Report run(Options options, Environment environment, Path logDir) throws IOException, InterruptedException {
      List<Sample> samples = new ArrayList<>();
      int keptBusy = 0;
      int total = options.warmup() + options.runs();
      for (int i = 1; i <= total; i++) {
        boolean warmup = i <= options.warmup();
        int round = i - options.warmup(); // warm-up rounds get 0, -1, ...; measured rounds 1..runs
        for (Variant variant : options.variants()) {
          for (int attempt = 1; ; attempt++) {
            waitForQuietMachine(options);
            String runName = (warmup ? "warmup" + (1 - round) : "round" + round) + "-attempt" + attempt;
            Sample sample = Launch.run(options, variant, List.of(), runName, logDir, run -> {
              Map<String, Long> status = procStatusKb(run.pid());
              return new Sample(round, warmup, false, variant, run.readyMs(), run.cpuAtReadyMs(),
                  status.getOrDefault("VmHWM", -1L) / 1024.0, run.metricsReadyMs(),
                  status.getOrDefault("VmRSS", -1L) / 1024.0, run.otherCpuMs(), run.harnessCpuMs(), run.appPort(),
                  run.metricsPort(), run.httpServerRequests());
            });
            System.out.printf(Locale.ROOT,
                "%-8s %-16s ready %7.1f ms  cpu %6.0f ms  peak RSS %6.1f MiB  metrics up %7s ms  other CPU %5.0f ms"
                    + "  HTTP requests counted %s%n",
                warmup ? "warm-up" : "round " + round, variant.id(), sample.readyMs(), sample.cpuAtReadyMs(),
                sample.peakRssMiB(), Double.isNaN(sample.metricsReadyMs()) ? "-" : fmt1(sample.metricsReadyMs()),
                sample.otherCpuMs(), Double.isNaN(sample.httpServerRequests()) ? "-" : fmt0(sample.httpServerRequests()));
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
      return new Report(markdown(options, environment, samples, keptBusy), csv(samples));
    }

    static String markdown(Options options, Environment environment, List<Sample> samples, int keptBusy) {
      List<Variant> variants = options.variants();
      List<Sample> measured = samples.stream().filter(s -> !s.warmup() && !s.discarded()).toList();
      StringBuilder md = new StringBuilder("# Startup overhead\n\n");
      md.append(environment.header(options, loadAverage(), List.of()));
      md.append("- Runs: ").append(options.runs()).append(" measured round").append(options.runs() == 1 ? "" : "s")
          .append(" (after ").append(options.warmup()).append(" discarded warm-up round")
          .append(options.warmup() == 1 ? "" : "s").append("), variants alternating ").append(variants.stream().map(Variant::id).collect(Collectors.joining(", ")))
          .append(" in every round\n");
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
        md.append(" (all in the CSV)\n\n");
      } else {
        md.append("off\n\n");
      }

      md.append("Cells are median (min–max) over the measured rounds.\n\n");
      md.append("| Metric |");
      variants.forEach(v -> md.append(' ').append(v.label()).append(" |"));
      md.append('\n').append("|---|").append("---:|".repeat(variants.size())).append('\n');
      for (Metric m : METRICS) {
        md.append("| ").append(m.title()).append(" |");
        variants.forEach(v -> md.append(' ').append(cell(values(measured, v, m.value()), m.decimals())).append(" |"));
        md.append('\n');
      }

      List<Variant> agents = variants.stream().filter(Variant::hasAgent).toList();
      Variant none = variants.stream().filter(v -> !v.hasAgent()).findFirst().orElse(null);
      if (none != null && !agents.isEmpty()) {
        md.append("\nOverheads: each agent's median minus the no-agent median (and as a share of the no-agent median).\n\n");
        md.append("| Metric |");
        agents.forEach(v -> md.append(' ').append(v.label()).append(" |"));
        md.append('\n').append("|---|").append("---:|".repeat(agents.size())).append('\n');
        for (Metric m : METRICS) {
          double base = median(values(measured, none, m.value()));
          md.append("| ").append(m.title()).append(" |");
          for (Variant v : agents) {
            double overhead = median(values(measured, v, m.value())) - base;
            md.append(' ').append(signed(overhead, m.decimals())).append(pct(overhead, base)).append(" |");
          }
          md.append('\n');
        }
        md.append(ratioTable(measured, variants, none));
      }

      List<Variant[]> pairs = pairs(variants, none);
      if (!pairs.isEmpty()) {
        md.append("\nPer-round differences (each run minus the other variant's run of the same round), median (min … max):\n\n");
        md.append("| Metric |");
        pairs.forEach(p -> md.append(' ').append(p[0].id()).append(" − ").append(p[1].id()).append(" |"));
        md.append('\n').append("|---|").append("---:|".repeat(pairs.size())).append('\n');
        for (Metric m : METRICS) {
          md.append("| ").append(m.title()).append(" |");
          for (Variant[] p : pairs) {
            double[] d = pairedDifferences(measured, p[0], p[1], m.value());
            md.append(' ').append(signed(median(d), m.decimals())).append(" (").append(signed(min(d), m.decimals()))
                .append(" … ").append(signed(max(d), m.decimals())).append(") |");
          }
          md.append('\n');
        }
      }

      if (!agents.isEmpty()) {
        md.append("\nTime until the Prometheus endpoint first answered 200 (ms from process start), median (min–max): ");
        md.append(agents.stream().map(v -> v.id() + " " + cell(values(measured, v, Sample::metricsReadyMs), 0))
            .collect(Collectors.joining("; ")));
        md.append(".\n\n").append(httpCheck(agents, v -> values(measured, v, Sample::httpServerRequests)));
      }
      md.append("\nCPU used by everything else on the machine during the startup windows (ms), median (max): ");
      md.append(variants.stream().map(v -> {
        double[] other = values(measured, v, Sample::otherCpuMs);
        return v.id() + " " + fmt0(median(other)) + " (" + fmt0(max(other)) + ")";
      }).collect(Collectors.joining("; ")));
      md.append(".\n");
      return md.toString();
    }

    /** Earshot's overhead as a share of each OTel variant's: the target figure. */
    static String ratioTable(List<Sample> measured, List<Variant> variants, Variant none) {
      List<Variant[]> ratios = new ArrayList<>();
      for (Variant e : variants) {
        for (Variant o : variants) {
          if (e.isEarshot() && o.id().startsWith("otel")) {
            ratios.add(new Variant[] {e, o});
          }
        }
      }
      if (ratios.isEmpty()) {
        return "";
      }
      StringBuilder md = new StringBuilder(
          "\nEarshot's overhead as a share of the OTel agent's (lower is better; 100 % = as costly):\n\n| Metric |");
      ratios.forEach(r -> md.append(' ').append(r[0].id()).append(" / ").append(r[1].id()).append(" |"));
      md.append('\n').append("|---|").append("---:|".repeat(ratios.size())).append('\n');
      for (Metric m : METRICS) {
        double base = median(values(measured, none, m.value()));
        md.append("| ").append(m.title()).append(" |");
        for (Variant[] r : ratios) {
          double earshot = median(values(measured, r[0], m.value())) - base;
          double otel = median(values(measured, r[1], m.value())) - base;
          md.append(' ').append(otel > 0 ? fmt0(100 * earshot / otel) + " %" : "n/a").append(" |");
        }
        md.append('\n');
      }
      return md.toString();
    }

    static double[] pairedDifferences(List<Sample> samples, Variant a, Variant b, ToDoubleFunction<Sample> f) {
      List<Double> diffs = new ArrayList<>();
      for (Sample s : samples) {
        if (s.variant() != a) {
          continue;
        }
        samples.stream()
            .filter(o -> o.variant() == b && o.round() == s.round())
            .findFirst()
            .ifPresent(o -> diffs.add(f.applyAsDouble(s) - f.applyAsDouble(o)));
      }
      return diffs.stream().mapToDouble(Double::doubleValue).toArray();
    }

    static double[] values(List<Sample> samples, Variant variant, ToDoubleFunction<Sample> f) {
      return samples.stream().filter(s -> s.variant() == variant).mapToDouble(f).filter(d -> !Double.isNaN(d))
          .toArray();
    }

    static String csv(List<Sample> samples) {
      StringBuilder c = new StringBuilder("round,warmup,discarded,variant,ready_ms,cpu_at_ready_ms,peak_rss_mib,"
          + "metrics_ready_ms,rss_at_end_mib,other_cpu_ms,harness_cpu_ms,app_port,metrics_port,http_server_requests\n");
      for (Sample s : samples) {
        List<String> row = List.of(
            Integer.toString(s.round()),
            Boolean.toString(s.warmup()),
            Boolean.toString(s.discarded()),
            s.variant().id(),
            fmt1(s.readyMs()),
            fmt0(s.cpuAtReadyMs()),
            fmt1(s.peakRssMiB()),
            Double.isNaN(s.metricsReadyMs()) ? "" : fmt1(s.metricsReadyMs()),
            fmt1(s.rssAtEndMiB()),
            fmt0(s.otherCpuMs()),
            fmt0(s.harnessCpuMs()),
            Integer.toString(s.appPort()),
            s.metricsPort() < 0 ? "" : Integer.toString(s.metricsPort()),
            Double.isNaN(s.httpServerRequests()) ? "" : fmt0(s.httpServerRequests()));
        c.append(String.join(",", row)).append('\n');
      }
      return c.toString();
    }
  }

  /** Each agent against no agent, plus Earshot against its baseline build when both run. */
  static List<Variant[]> pairs(List<Variant> variants, Variant none) {
    List<Variant[]> pairs = new ArrayList<>();
    if (none != null) {
      variants.stream().filter(Variant::hasAgent).forEach(v -> pairs.add(new Variant[] {v, none}));
    }
    Variant earshot = variants.stream().filter(v -> v.id().equals("earshot")).findFirst().orElse(null);
    Variant baseline = variants.stream().filter(v -> v.id().equals("earshot-baseline")).findFirst().orElse(null);
    if (earshot != null && baseline != null) {
      pairs.add(new Variant[] {earshot, baseline});
    }
    return pairs;
  }

  /**
   * The check that every agent measured the app's HTTP server: an agent that does not (say, a
   * trimmed OTel agent missing an instrumentation) would look cheaper than it is.
   */
  static String httpCheck(List<Variant> agents, Function<Variant, double[]> counts) {
    StringBuilder md = new StringBuilder("HTTP server requests counted in each agent's own ")
        .append("`http_server_request_duration_seconds_count` at the scrape after the warm-up traffic (")
        .append("sum over series), min–max over the measured rounds: ");
    List<String> missing = new ArrayList<>();
    md.append(agents.stream().map(v -> {
      double[] c = counts.apply(v);
      if (c.length == 0 || min(c) <= 0) {
        missing.add(v.id());
      }
      return v.id() + " " + (c.length == 0 ? "-" : fmt0(min(c)) + "–" + fmt0(max(c)));
    }).collect(Collectors.joining("; ")));
    md.append(".\n");
    if (!missing.isEmpty()) {
      md.append("\n**Warning:** ").append(String.join(", ", missing))
          .append(" reported no HTTP server request in at least one run: it did not measure this app's HTTP server,")
          .append(" so its overhead is not comparable.\n");
    }
    return md.toString();
  }

  // ================================================================ breakdown mode

  /**
   * Where each variant's resident memory goes: every variant runs with NMT, is exercised as in
   * startup mode, then /proc and jcmd are read. See bench/README.md, "Memory breakdown".
   */
  static final class BreakdownMode {
    static final List<String> NMT = List.of("-XX:NativeMemoryTracking=summary");

    /** One figure of one run. Memory in KiB, counts as they are. */
    record Measure(String section, String item, boolean kib, double value) {}

    record Run(int round, boolean warmup, Variant variant, List<Measure> measures, Map<String, Integer> threadNames) {

      double value(String section, String item) {
        return measures.stream().filter(m -> m.section().equals(section) && m.item().equals(item))
            .mapToDouble(Measure::value).findFirst().orElse(Double.NaN);
      }
    }

    static final String RSS = "Resident set (/proc/PID/status)";
    static final String PEAK_RSS = "peak RSS (VmHWM)";
    static final String MAPPINGS = "RSS by mapping (/proc/PID/smaps)";
    static final String THREADS = "Threads";
    static final String NMT_COMMITTED = "NMT committed (VM.native_memory summary)";
    static final String CLASSES = "Classes loaded incl. hidden ones (VM.classloader_stats)";
    static final String METASPACE = "Metaspace committed (VM.metaspace show-loaders)";
    static final String HEAP = "Java heap after a full GC (GC.class_histogram)";
    static final String AGENT_METRICS = "Agent's own metrics";
    static final String HTTP_REQUESTS = "HTTP server requests counted";

    static Report run(Options options, Environment environment, Path logDir) throws IOException, InterruptedException {
      List<Run> runs = new ArrayList<>();
      int total = options.warmup() + options.runs();
      for (int i = 1; i <= total; i++) {
        boolean warmup = i <= options.warmup();
        int round = i - options.warmup();
        for (Variant variant : options.variants()) {
          String runName = warmup ? "warmup" + (1 - round) : "round" + round;
          Run run = Launch.run(options, variant, NMT, runName, logDir, exercised -> probe(options, exercised, round,
              warmup));
          System.out.printf(Locale.ROOT,
              "%-8s %-16s peak RSS %6.1f MiB  NMT committed %6.1f MiB  live heap %5.1f MiB  classes %5.0f%n",
              warmup ? "warm-up" : "round " + round, variant.id(), run.value(RSS, PEAK_RSS) / 1024,
              run.value(NMT_COMMITTED, "total") / 1024, run.value(HEAP, "live objects") / 1024,
              run.value(CLASSES, "total"));
          runs.add(run);
        }
      }
      return new Report(markdown(options, environment, runs), csv(runs));
    }

    /**
     * Reads /proc first (the jcmd calls start a thread and allocate), the full GC last. Measures
     * are added in the order the report shows them.
     */
    static Run probe(Options options, Launch.Exercised exercised, int round, boolean warmup)
        throws IOException, InterruptedException {
      long pid = exercised.pid();
      Map<String, Long> status = procStatusKb(pid);
      List<Smaps.Mapping> mappings = Smaps.read(pid);
      Map<String, Integer> threadNames = threadNames(pid);

      Jcmd jcmd = new Jcmd(options.jcmd(), pid);
      Map<String, Long> nmt = Jcmd.nativeMemory(jcmd.run("VM.native_memory", "summary"));
      Jcmd.LoaderStats loaders = Jcmd.classLoaderStats(jcmd.run("VM.classloader_stats"));
      Map<Jcmd.LoaderGroup, Long> metaspace = Jcmd.metaspaceByGroup(jcmd.run("VM.metaspace", "show-loaders"), loaders);
      long[] heapRange = Jcmd.heapRange(jcmd.run("GC.heap_info"));
      long[] live = Jcmd.histogramTotal(jcmd.run("GC.class_histogram"));

      List<Measure> m = new ArrayList<>();
      m.add(new Measure(RSS, PEAK_RSS, true, status.getOrDefault("VmHWM", 0L)));
      m.add(new Measure(RSS, "RSS at the end (VmRSS)", true, status.getOrDefault("VmRSS", 0L)));
      m.add(new Measure(RSS, "RssAnon", true, status.getOrDefault("RssAnon", 0L)));
      m.add(new Measure(RSS, "RssFile", true, status.getOrDefault("RssFile", 0L)));
      m.add(new Measure(RSS, "RssShmem", true, status.getOrDefault("RssShmem", 0L)));
      Smaps.rssByKind(mappings, heapRange).forEach((kind, kib) -> m.add(new Measure(MAPPINGS, kind, true, kib)));
      nmt.forEach((category, kib) -> m.add(new Measure(NMT_COMMITTED, category, true, kib)));
      m.add(new Measure(HEAP, "live objects", true, live[1] / 1024.0));
      m.add(new Measure(HEAP, "live objects (count)", false, live[0]));
      for (Jcmd.LoaderGroup group : Jcmd.LoaderGroup.values()) {
        m.add(new Measure(CLASSES, group.title, false, loaders.classes().getOrDefault(group, 0L)));
      }
      m.add(new Measure(CLASSES, "total", false, loaders.classes().values().stream().mapToLong(Long::longValue).sum()));
      m.add(new Measure(CLASSES, "number of earshot-<module> loaders", false, loaders.earshotModuleLoaders()));
      for (Jcmd.LoaderGroup group : Jcmd.LoaderGroup.values()) {
        m.add(new Measure(METASPACE, group.title, true, metaspace.getOrDefault(group, 0L)));
      }
      m.add(new Measure(METASPACE, "total", true, metaspace.values().stream().mapToLong(Long::longValue).sum()));
      m.add(new Measure(THREADS, "threads", false, threadNames.values().stream().mapToInt(Integer::intValue).sum()));
      if (!Double.isNaN(exercised.httpServerRequests())) {
        m.add(new Measure(AGENT_METRICS, HTTP_REQUESTS, false, exercised.httpServerRequests()));
      }
      return new Run(round, warmup, exercised.variant(), m, threadNames);
    }

    static String markdown(Options options, Environment environment, List<Run> runs) {
      List<Variant> variants = options.variants();
      List<Run> measured = runs.stream().filter(r -> !r.warmup()).toList();
      Variant none = variants.stream().filter(v -> !v.hasAgent()).findFirst().orElse(null);
      List<Variant> agents = variants.stream().filter(Variant::hasAgent).toList();
      List<Variant> compared = none == null ? List.of() : agents;

      // Rows in first-seen order; a value per (row, variant) is the median over the measured rounds.
      Map<String, Map<String, Boolean>> rows = new LinkedHashMap<>();
      for (Run r : measured) {
        for (Measure m : r.measures()) {
          rows.computeIfAbsent(m.section(), s -> new LinkedHashMap<>()).putIfAbsent(m.item(), m.kib());
        }
      }
      StringBuilder md = new StringBuilder("# Memory breakdown: where each variant's resident memory goes\n\n");
      md.append(environment.header(options, loadAverage(), NMT));
      md.append("- Runs: ").append(options.runs()).append(" measured round").append(options.runs() == 1 ? "" : "s")
          .append(" (after ").append(options.warmup()).append(" discarded), variants alternating in every round; ")
          .append("each run measured after its first health 200, the metrics endpoint's first 200, the warm-up ")
          .append("traffic, one scrape and ").append(options.settleMs()).append(" ms of quiet\n");
      md.append("- NMT costs memory itself: its own category (`Native Memory Tracking`) plus a header per malloc, ")
          .append("in every variant alike (a little more where there are more mallocs). Every figure here includes ")
          .append("it, so RSS is higher than in the startup benchmark; compare deltas.\n\n");
      md.append("Cells are medians over the measured rounds, in MiB unless the row is a count. ")
          .append("Δ = the agent's median minus the no-agent median. NMT categories under 0.05 MiB in every ")
          .append("variant are left out (they are in the CSV).\n\n");
      md.append("| |");
      variants.forEach(v -> md.append(' ').append(v.id()).append(" |"));
      compared.forEach(v -> md.append(" Δ ").append(v.id()).append(" |"));
      md.append('\n').append("|---|").append("---:|".repeat(variants.size() + compared.size())).append('\n');
      for (Map.Entry<String, Map<String, Boolean>> section : rows.entrySet()) {
        md.append("| **").append(section.getKey()).append("** |").append(" |".repeat(variants.size() + compared.size()))
            .append('\n');
        for (Map.Entry<String, Boolean> item : section.getValue().entrySet()) {
          boolean kib = item.getValue();
          Map<Variant, Double> medians = new LinkedHashMap<>();
          for (Variant v : variants) {
            medians.put(v, median(values(measured, v, section.getKey(), item.getKey())));
          }
          boolean allZero = medians.values().stream().allMatch(x -> Double.isNaN(x) || x == 0);
          boolean tinyNmt = section.getKey().equals(NMT_COMMITTED)
              && medians.values().stream().allMatch(x -> Double.isNaN(x) || x / 1024 < 0.05);
          if (allZero || tinyNmt) {
            continue;
          }
          md.append("| ").append(item.getKey()).append(" |");
          for (Variant v : variants) {
            md.append(' ').append(show(medians.get(v), kib)).append(" |");
          }
          for (Variant v : compared) {
            double delta = medians.get(v) - medians.get(none);
            md.append(' ').append(Double.isNaN(delta) ? "-" : kib ? signed(delta / 1024, 1) : signed(delta, 0))
                .append(" |");
          }
          md.append('\n');
        }
      }
      md.append(peakRssShares(measured, variants, none));
      if (!agents.isEmpty()) {
        md.append('\n').append(httpCheck(agents, v -> values(measured, v, AGENT_METRICS, HTTP_REQUESTS)));
      }
      md.append(threadsAdded(measured, agents, none));
      return md.toString();
    }

    static String peakRssShares(List<Run> measured, List<Variant> variants, Variant none) {
      if (none == null) {
        return "";
      }
      String section = RSS;
      String item = PEAK_RSS;
      double base = median(values(measured, none, section, item));
      StringBuilder md = new StringBuilder();
      for (Variant e : variants) {
        for (Variant o : variants) {
          if (e.isEarshot() && o.id().startsWith("otel")) {
            double earshot = median(values(measured, e, section, item)) - base;
            double otel = median(values(measured, o, section, item)) - base;
            md.append(md.length() == 0 ? "\nPeak RSS overhead (with NMT on): " : "; ")
                .append(e.id()).append(' ').append(signed(earshot / 1024, 1)).append(" MiB = ")
                .append(otel > 0 ? fmt0(100 * earshot / otel) + " %" : "n/a").append(" of ").append(o.id())
                .append("'s ").append(signed(otel / 1024, 1)).append(" MiB");
          }
        }
      }
      return md.length() == 0 ? "" : md.append(".\n").toString();
    }

    /** Thread names an agent adds, from the last measured round (comm names: 15 characters, digits as N). */
    static String threadsAdded(List<Run> measured, List<Variant> agents, Variant none) {
      if (none == null || measured.isEmpty() || agents.isEmpty()) {
        return "";
      }
      int last = measured.get(measured.size() - 1).round();
      Map<String, Integer> base = measured.stream().filter(r -> r.round() == last && r.variant() == none)
          .findFirst().map(Run::threadNames).orElse(Map.of());
      StringBuilder md = new StringBuilder("\nThreads beyond the no-agent run's, by name (round ").append(last)
          .append("; names as the kernel keeps them: at most 15 characters, digits shown as N):\n\n");
      for (Variant v : agents) {
        Map<String, Integer> names = measured.stream().filter(r -> r.round() == last && r.variant() == v).findFirst()
            .map(Run::threadNames).orElse(Map.of());
        List<String> extra = new ArrayList<>();
        new TreeMap<>(names).forEach((name, count) -> {
          int more = count - base.getOrDefault(name, 0);
          if (more > 0) {
            extra.add("`" + name + "`" + (more > 1 ? " ×" + more : ""));
          }
        });
        md.append("- ").append(v.id()).append(": ").append(extra.isEmpty() ? "none" : String.join(", ", extra))
            .append('\n');
      }
      return md.toString();
    }

    static double[] values(List<Run> runs, Variant variant, String section, String item) {
      return runs.stream().filter(r -> r.variant() == variant).flatMap(r -> r.measures().stream())
          .filter(m -> m.section().equals(section) && m.item().equals(item)).mapToDouble(Measure::value).toArray();
    }

    static String show(double value, boolean kib) {
      return Double.isNaN(value) ? "-" : kib ? fmt1(value / 1024) : fmt0(value);
    }

    static String csv(List<Run> runs) {
      StringBuilder c = new StringBuilder("round,warmup,variant,section,item,unit,value\n");
      for (Run r : runs) {
        for (Measure m : r.measures()) {
          c.append(r.round()).append(',').append(r.warmup()).append(',').append(r.variant().id()).append(',')
              .append(csvField(m.section())).append(',').append(csvField(m.item())).append(',')
              .append(m.kib() ? "KiB" : "count").append(',').append(fmt0(m.value())).append('\n');
        }
      }
      return c.toString();
    }

    static String csvField(String s) {
      return s.contains(",") || s.contains("\"") ? '"' + s.replace("\"", "\"\"") + '"' : s;
    }
  }

  // ================================================================ jcmd probes and their parsers

  /**
   * Diagnostic commands of the JDK under test, run against one JVM, and the parsers of their
   * output. Each parser checks its result against the totals the command prints, so a format it
   * does not understand fails the run instead of producing wrong tables.
   */
  static final class Jcmd {
    static final long TIMEOUT_S = 120;
    final Path jcmd;
    final long pid;

    Jcmd(Path jcmd, long pid) {
      this.jcmd = jcmd;
      this.pid = pid;
    }

    String run(String... command) throws IOException, InterruptedException {
      List<String> line = new ArrayList<>(List.of(jcmd.toString(), Long.toString(pid)));
      line.addAll(List.of(command));
      Path out = Files.createTempFile("earshot-jcmd-", ".txt");
      try {
        Process process = Launch.start(new ProcessBuilder(line).redirectErrorStream(true).redirectOutput(out.toFile()));
        try {
          if (!process.waitFor(TIMEOUT_S, TimeUnit.SECONDS)) {
            throw new IllegalStateException(String.join(" ", line) + " did not finish within " + TIMEOUT_S + " s");
          }
        } finally {
          Launch.stop(process);
        }
        String text = Files.readString(out, StandardCharsets.UTF_8);
        if (process.exitValue() != 0) {
          throw new IllegalStateException(String.join(" ", line) + " failed (" + process.exitValue() + "):\n" + text);
        }
        return text;
      } finally {
        Files.deleteIfExists(out);
      }
    }

    static final Pattern NMT_TOTAL = Pattern.compile("(?m)^Total: reserved=(\\d+)KB, committed=(\\d+)KB");
    static final Pattern NMT_CATEGORY = Pattern.compile("(?m)^-\\s+(.+?) \\(reserved=(\\d+)KB, committed=(\\d+)KB[,)]");

    /** Committed KiB per NMT category, in NMT's order, after a "total" entry. */
    static Map<String, Long> nativeMemory(String text) {
      Matcher total = NMT_TOTAL.matcher(text);
      if (!total.find()) {
        throw new IllegalStateException("no NMT total in VM.native_memory output (is NMT on?):\n" + head(text));
      }
      Map<String, Long> categories = new LinkedHashMap<>();
      categories.put("total", Long.parseLong(total.group(2)));
      Matcher m = NMT_CATEGORY.matcher(text);
      long sum = 0;
      while (m.find()) {
        long committed = Long.parseLong(m.group(3));
        categories.merge(m.group(1).trim(), committed, Long::sum);
        sum += committed;
      }
      // Categories are rounded to KB each; their sum may miss the total by about 1 KB per category.
      if (Math.abs(sum - categories.get("total")) > categories.size()) {
        throw new IllegalStateException("NMT categories sum to " + sum + " KB, total says " + categories.get("total")
            + ":\n" + head(text));
      }
      return categories;
    }

    /** Class loader groups that answer "whose classes are these". Hidden classes count with their loader. */
    enum LoaderGroup {
      BOOT("boot loader"),
      PLATFORM("platform loader"),
      APP("app loader"),
      APP_OTHER("other application loaders"),
      REFLECTION("JDK reflection accessor loaders"),
      EARSHOT_AGENT("earshot-agent loader (+ its child loaders)"),
      EARSHOT_MODULES("earshot-<module> loaders"),
      OTEL_AGENT("OTel agent loader (+ its child loaders)"),
      OTEL_OTHER("other OTel agent loaders");

      final String title;

      LoaderGroup(String title) {
        this.title = title;
      }

      /** By the loader's class, or null when only its parent can tell. */
      static LoaderGroup ofType(String type) {
        return switch (type) {
          case "<boot class loader>", "<bootstrap>" -> BOOT;
          case "jdk.internal.loader.ClassLoaders$PlatformClassLoader" -> PLATFORM;
          case "jdk.internal.loader.ClassLoaders$AppClassLoader" -> APP;
          case "jdk.internal.reflect.DelegatingClassLoader" -> REFLECTION;
          case "dev.earshot.agent.bootstrap.AgentClassLoader" -> EARSHOT_AGENT;
          case "dev.earshot.agent.core.ModuleClassLoader" -> EARSHOT_MODULES;
          case "io.opentelemetry.javaagent.bootstrap.AgentClassLoader" -> OTEL_AGENT;
          default -> type.startsWith("io.opentelemetry.javaagent.") ? OTEL_OTHER : null;
        };
      }

      /** A loader of another class belongs to its parent's agent, or else to the application. */
      LoaderGroup forChild() {
        return switch (this) {
          case EARSHOT_AGENT, EARSHOT_MODULES, OTEL_AGENT, OTEL_OTHER, REFLECTION -> this;
          default -> APP_OTHER;
        };
      }
    }

    /** Classes per group, the group of every class loader data (CLD) address, and the number of Earshot module loaders. */
    record LoaderStats(Map<LoaderGroup, Long> classes, Map<String, LoaderGroup> groupByCld, long earshotModuleLoaders) {}

    record LoaderRow(String loader, String parent, String cld, long classes, String type) {}

    static final Pattern LOADER_ROW = Pattern.compile(
        "^(0x\\p{XDigit}+)\\s+(0x\\p{XDigit}+)\\s+(0x\\p{XDigit}+)\\s+(\\d+)\\s+\\d+\\s+\\d+\\s+(.+?)\\s*$");
    static final Pattern HIDDEN_ROW = Pattern.compile("^\\s+(\\d+)\\s+\\d+\\s+\\d+\\s+\\+ (hidden|unsafe anonymous) classes\\s*$");
    static final Pattern LOADER_TOTAL = Pattern.compile("^Total = (\\d+)\\s+(\\d+)\\s+\\d+\\s+\\d+\\s*$");

    /**
     * Parses VM.classloader_stats. Each row names a loader, its parent and its class loader data;
     * a "+ hidden classes" row belongs to the loader row above it. A loader of a class no group
     * names (a ByteBuddy helper loader, Spring Boot's launcher loader) goes with its parent's
     * group. On JDK 17 the loader and parent columns hold the loader's class rather than the
     * loader itself, which still leads from a child to its parent's kind.
     */
    static LoaderStats classLoaderStats(String text) {
      List<LoaderRow> rows = new ArrayList<>();
      Map<LoaderRow, Long> hidden = new HashMap<>();
      long expected = -1;
      for (String line : text.split("\n")) {
        Matcher row = LOADER_ROW.matcher(line);
        Matcher hiddenRow = HIDDEN_ROW.matcher(line);
        Matcher total = LOADER_TOTAL.matcher(line);
        if (row.matches()) {
          rows.add(new LoaderRow(row.group(1), row.group(2), row.group(3), Long.parseLong(row.group(4)), row.group(5)));
        } else if (hiddenRow.matches() && !rows.isEmpty()) {
          hidden.merge(rows.get(rows.size() - 1), Long.parseLong(hiddenRow.group(1)), Long::sum);
        } else if (total.matches()) {
          expected = Long.parseLong(total.group(2));
        }
      }
      Map<String, LoaderRow> byLoader = new HashMap<>();
      rows.forEach(r -> byLoader.putIfAbsent(r.loader(), r));
      Map<LoaderGroup, Long> classes = new LinkedHashMap<>();
      Map<String, LoaderGroup> groupByCld = new HashMap<>();
      long counted = 0;
      long moduleLoaders = 0;
      for (LoaderRow r : rows) {
        LoaderGroup group = group(r, byLoader, 0);
        long n = r.classes() + hidden.getOrDefault(r, 0L);
        classes.merge(group, n, Long::sum);
        groupByCld.put(r.cld(), group);
        counted += n;
        if (r.type().equals("dev.earshot.agent.core.ModuleClassLoader")) {
          moduleLoaders++;
        }
      }
      if (expected < 0 || counted != expected) {
        throw new IllegalStateException("VM.classloader_stats: rows add up to " + counted + " classes, total says "
            + expected + ":\n" + head(text));
      }
      return new LoaderStats(classes, groupByCld, moduleLoaders);
    }

    static LoaderGroup group(LoaderRow row, Map<String, LoaderRow> byLoader, int depth) {
      LoaderGroup own = LoaderGroup.ofType(row.type());
      if (own != null) {
        return own;
      }
      LoaderRow parent = byLoader.get(row.parent());
      if (parent == null || parent == row || depth > 20) {
        return LoaderGroup.APP_OTHER;
      }
      return group(parent, byLoader, depth + 1).forChild();
    }

    static final Pattern CLD_ENTRY = Pattern.compile("^\\s*\\d+: CLD (0x\\p{XDigit}+): (.+?), (\\d+) class(?:es)?(?: \\(\\d+ shared\\))?\\s*$");
    static final Pattern COMMITTED = Pattern.compile(
        "capacity,\\s+([\\d.]+) (bytes|KB|MB|GB)\\s+(?:\\([^)]*\\)\\s+)?committed");
    static final Pattern METASPACE_TOTAL = Pattern.compile("^Total Usage - (\\d+) loaders?, \\d+ class");

    /**
     * Committed metaspace KiB per loader group, from VM.metaspace show-loaders: one entry per class
     * loader data, whose "Both:" line (or single line without a class space) holds the committed
     * size. Entries are matched to groups through VM.classloader_stats's CLD addresses; a CLD of its
     * own for hidden classes ("loaded by ...") goes with the loader it names.
     */
    static Map<LoaderGroup, Long> metaspaceByGroup(String text, LoaderStats loaders) {
      record Entry(String cld, String description, double committedKiB) {}
      List<Entry> entries = new ArrayList<>();
      String cld = null;
      String description = null;
      double committed = Double.NaN;
      int expectedLoaders = -1;
      boolean inTotal = false;
      for (String line : text.split("\n")) {
        Matcher entry = CLD_ENTRY.matcher(line);
        Matcher total = METASPACE_TOTAL.matcher(line);
        if (entry.matches() || total.find()) {
          if (cld != null) {
            entries.add(new Entry(cld, description, committed));
          }
          cld = null;
          committed = Double.NaN;
          if (entry.matches()) {
            cld = entry.group(1);
            description = entry.group(2);
          } else {
            expectedLoaders = Integer.parseInt(total.group(1));
            inTotal = true;
          }
          continue;
        }
        Matcher c = COMMITTED.matcher(line);
        if (cld != null && c.find() && (Double.isNaN(committed) || line.trim().startsWith("Both:"))) {
          committed = kib(Double.parseDouble(c.group(1)), c.group(2));
        }
        if (inTotal) {
          break;
        }
      }
      if (cld != null) {
        entries.add(new Entry(cld, description, committed));
      }
      if (expectedLoaders < 0 || entries.size() != expectedLoaders
          || entries.stream().anyMatch(e -> Double.isNaN(e.committedKiB()))) {
        throw new IllegalStateException("VM.metaspace show-loaders: " + entries.size() + " loader entries read, total "
            + "says " + expectedLoaders + ":\n" + head(text));
      }
      // A loader's description ("app" instance of ..., or "<bootstrap>") names its group for hidden-class CLDs.
      Map<String, LoaderGroup> byDescription = new HashMap<>();
      for (Entry e : entries) {
        LoaderGroup g = loaders.groupByCld().get(e.cld());
        if (g != null && !e.description().startsWith("<hidden class>")) {
          byDescription.putIfAbsent(e.description(), g);
        }
      }
      Map<LoaderGroup, Long> committedByGroup = new LinkedHashMap<>();
      for (Entry e : entries) {
        String loader = e.description().startsWith("<hidden class>, loaded by ")
            ? e.description().substring("<hidden class>, loaded by ".length())
            : e.description();
        LoaderGroup g = loaders.groupByCld().get(e.cld());
        if (g == null) {
          g = byDescription.get(loader);
        }
        if (g == null) {
          // A loader created between the two commands: its class says what it is, if anything does.
          String type = loader.replaceFirst("^\"[^\"]*\" ?", "").replaceFirst("^instance of ", "");
          g = loader.equals("\"<bootstrap>\"") ? LoaderGroup.BOOT : LoaderGroup.ofType(type);
        }
        committedByGroup.merge(g == null ? LoaderGroup.APP_OTHER : g, Math.round(e.committedKiB()), Long::sum);
      }
      return committedByGroup;
    }

    static double kib(double value, String unit) {
      return switch (unit) {
        case "bytes" -> value / 1024;
        case "KB" -> value;
        case "MB" -> value * 1024;
        case "GB" -> value * 1024 * 1024;
        default -> throw new IllegalArgumentException(unit);
      };
    }

    static final Pattern ADDRESS = Pattern.compile("0x(\\p{XDigit}+)");

    /**
     * [start, end) of the Java heap's reserved addresses: the lowest and highest address GC.heap_info
     * prints for the heap's spaces (G1 prints one range, Serial and Parallel one per generation), or
     * null when it prints none (ZGC).
     */
    static long[] heapRange(String text) {
      long start = Long.MAX_VALUE;
      long end = Long.MIN_VALUE;
      for (String line : text.split("\n")) {
        if (line.trim().startsWith("Metaspace") || line.trim().startsWith("class space")) {
          break;
        }
        Matcher m = ADDRESS.matcher(line);
        while (m.find()) {
          long address = Long.parseUnsignedLong(m.group(1), 16);
          start = Math.min(start, address);
          end = Math.max(end, address);
        }
      }
      return start < end ? new long[] {start, end} : null;
    }

    static final Pattern HISTOGRAM_TOTAL = Pattern.compile("(?m)^Total\\s+(\\d+)\\s+(\\d+)\\s*$");

    /** [objects, bytes] live after the full GC that GC.class_histogram runs first. */
    static long[] histogramTotal(String text) {
      Matcher m = HISTOGRAM_TOTAL.matcher(text);
      if (!m.find()) {
        throw new IllegalStateException("no Total line in GC.class_histogram output:\n" + head(text));
      }
      return new long[] {Long.parseLong(m.group(1)), Long.parseLong(m.group(2))};
    }

    static String head(String text) {
      return text.length() <= 2000 ? text : text.substring(0, 2000) + "\n...";
    }
  }

  /** Resident memory per kind of mapping, from /proc/PID/smaps. */
  static final class Smaps {
    static final Pattern HEADER = Pattern.compile(
        "^(\\p{XDigit}+)-(\\p{XDigit}+)\\s+(\\S{4})\\s+\\S+\\s+\\S+\\s+\\d+\\s*(.*)$");
    static final String HEAP = "Java heap (anonymous, in the heap's address range)";
    static final String ANONYMOUS = "other anonymous (metaspace, code cache, stacks, malloc)";
    static final String LIBJVM = "libjvm.so";
    static final String LIBRARIES = "other native libraries";
    static final String CDS = "CDS archive (.jsa)";
    static final String MODULES = "JDK module image (lib/modules)";
    static final String OTHER = "other mappings";

    record Mapping(long start, long end, String perms, String path, long rssKiB) {}

    static List<Mapping> read(long pid) throws IOException {
      List<Mapping> mappings = new ArrayList<>();
      Matcher current = null;
      for (String line : Files.readAllLines(Paths.get("/proc", Long.toString(pid), "smaps"))) {
        Matcher header = HEADER.matcher(line);
        if (header.matches()) {
          current = header;
        } else if (line.startsWith("Rss:") && current != null) {
          mappings.add(new Mapping(Long.parseUnsignedLong(current.group(1), 16),
              Long.parseUnsignedLong(current.group(2), 16), current.group(3), current.group(4).trim(),
              Long.parseLong(line.replaceAll("[^0-9]", ""))));
        }
      }
      return mappings;
    }

    /**
     * KiB resident per kind: the Java heap (anonymous mappings that overlap the range GC.heap_info
     * reports, null when the collector prints none; the JVM maps the heap apart from everything
     * else, so an overlapping mapping is heap), other anonymous memory, libjvm.so, other
     * native libraries (any file mapped executable, so a library JNA extracted and deleted counts),
     * the CDS archive, the JDK's module image, and other mappings.
     */
    static Map<String, Long> rssByKind(List<Mapping> mappings, long[] heapRange) {
      Set<String> executable = new LinkedHashSet<>();
      mappings.stream().filter(m -> m.perms().charAt(2) == 'x' && !m.path().startsWith("[")).forEach(m ->
          executable.add(m.path()));
      Map<String, Long> kinds = new LinkedHashMap<>();
      for (String kind : List.of(HEAP, ANONYMOUS, LIBJVM, LIBRARIES, CDS, MODULES, OTHER)) {
        kinds.put(kind, 0L);
      }
      for (Mapping m : mappings) {
        String p = m.path();
        String kind;
        boolean anonymous = p.isEmpty() || p.equals("[heap]") || p.startsWith("[stack") || p.startsWith("[anon");
        if (anonymous && heapRange != null && m.start() < heapRange[1] && m.end() > heapRange[0]) {
          kind = HEAP;
        } else if (anonymous) {
          kind = ANONYMOUS;
        } else if (p.endsWith("/libjvm.so")) {
          kind = LIBJVM;
        } else if (p.endsWith(".jsa")) {
          kind = CDS;
        } else if (p.endsWith("/lib/modules")) {
          kind = MODULES;
        } else if (executable.contains(p)) {
          kind = LIBRARIES;
        } else {
          kind = OTHER;
        }
        kinds.merge(kind, m.rssKiB(), Long::sum);
      }
      return kinds;
    }
  }

  // ================================================================ HTTP

  static final class Http {
    static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(Duration.ofSeconds(5)).build();

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
      } catch (IOException | NumberFormatException e) {
        return -1;
      }
    }

    /** The Prometheus endpoint's text (JDK client: it decodes chunked transfer encoding). */
    static String scrape(int port, Path log) throws IOException, InterruptedException {
      HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics"))
          .timeout(Duration.ofSeconds(30)).GET().build();
      HttpResponse<String> response = CLIENT.send(request, HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() != 200) {
        throw new IllegalStateException("GET /metrics answered " + response.statusCode() + "; log: " + log);
      }
      return response.body();
    }

    /** Sum of every http_server_request_duration_seconds_count series in a Prometheus text exposition. */
    static double httpServerRequestCount(String exposition) {
      double sum = 0;
      for (String line : exposition.split("\n")) {
        if (!line.startsWith("http_server_request_duration_seconds_count")) {
          continue;
        }
        // name{labels} value [timestamp]; a label value may hold spaces, so the value follows the last '}'.
        int labelsEnd = line.lastIndexOf('}');
        String rest = line.substring(labelsEnd >= 0 ? labelsEnd + 1 : "http_server_request_duration_seconds_count".length())
            .trim();
        sum += Double.parseDouble(rest.split("\\s+")[0]);
      }
      return sum;
    }
  }

  // ================================================================ /proc

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

  /** The kB lines of /proc/PID/status (VmHWM, VmRSS, RssAnon, RssFile, RssShmem, ...). */
  static Map<String, Long> procStatusKb(long pid) throws IOException {
    Map<String, Long> values = new LinkedHashMap<>();
    for (String line : Files.readAllLines(Paths.get("/proc", Long.toString(pid), "status"))) {
      if (line.endsWith(" kB")) {
        int colon = line.indexOf(':');
        values.put(line.substring(0, colon), Long.parseLong(line.substring(colon + 1, line.length() - 3).trim()));
      }
    }
    return values;
  }

  /** Thread names (/proc/PID/task/TID/comm) with digits folded to N, counted. */
  static Map<String, Integer> threadNames(long pid) throws IOException {
    Map<String, Integer> names = new TreeMap<>();
    try (var tasks = Files.list(Paths.get("/proc", Long.toString(pid), "task"))) {
      for (Path task : tasks.toList()) {
        try {
          String name = Files.readString(task.resolve("comm")).trim().replaceAll("\\d+", "N");
          names.merge(name, 1, Integer::sum);
        } catch (IOException threadEnded) {
          // a thread that ended while the directory was read
        }
      }
    }
    return names;
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

  // ================================================================ statistics and formatting

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
    return Double.isNaN(v) ? "-" : (v >= 0 ? "+" : "") + fmt(v, decimals);
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

  // ================================================================ misc

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

  static String manifestAttribute(Path jar, String name) {
    if (jar == null || !Files.isRegularFile(jar)) {
      return null;
    }
    try (JarFile file = new JarFile(jar.toFile())) {
      return file.getManifest() == null ? null : file.getManifest().getMainAttributes().getValue(new Attributes.Name(name));
    } catch (IOException e) {
      return null;
    }
  }

  static String sizeMiB(Path file) {
    try {
      return fmt1(Files.size(file) / (1024.0 * 1024.0));
    } catch (IOException e) {
      return "?";
    }
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
