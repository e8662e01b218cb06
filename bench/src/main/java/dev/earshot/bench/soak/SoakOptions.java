package dev.earshot.bench.soak;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.Locale;

/**
 * Options of {@code soak}, every one bounded so that a typo cannot start an unbounded run.
 *
 * @param duration whole run, warm-up included ({@code --duration}, default 60m, 30s to 24h)
 * @param warmup discarded from the verdict: JIT, class loading, caches and pools filling
 *     ({@code --warmup}, default 20 % of the duration, at most 10m)
 * @param interval between two samples ({@code --interval}, default duration / 120, 5s to 60s)
 * @param callers simulated voice callers on /ws/realtime ({@code --callers}, default 4)
 * @param httpRate HTTP requests per second to the assistant ({@code --http-rate}, default 10)
 */
public record SoakOptions(
    Duration duration,
    Duration warmup,
    Duration interval,
    int callers,
    double httpRate,
    Path javaHome,
    Path agentJar,
    Path appJar,
    Path out,
    String heapMax,
    boolean withAgent,
    boolean check) {

  static final String USAGE = """
      usage: scripts/bench.sh soak [options]
      Runs the OpenAI simulator and the sample assistant under the built agent, drives simulated
      voice callers and HTTP traffic at a fixed rate, samples heap after GC, RSS, threads and the
      agent's own object counts and series, and fits each series' slope with a 95 % confidence
      interval: "leak" when the interval lies above the series' threshold (bench/README.md).
        --duration D      whole run, warm-up included: 90s, 10m, 1h (default 60m; 30s to 24h)
        --warmup D        left out of the verdict (default 20 % of the duration, at most 10m)
        --interval D      between samples (default duration / 120, between 5s and 60s)
        --callers N       simulated voice callers, 0-64 (default 4)
        --http-rate R     HTTP requests per second, 0-200 (default 10)
        --java DIR        JDK home of the measured JVMs and of jcmd (default: the running JDK)
        --agent JAR       (default <repo>/agent/target/earshot-agent.jar)
        --app JAR         (default <repo>/sample-app/target/earshot-sample-app.jar)
        --heap SIZE       -Xmx of the assistant (default 512m)
        --out DIR         where soak-jdk<N>.json and .md go (default <repo>/bench/results)
        --without-agent   the same run without the agent: the application's own baseline
                          (heap, RSS and threads only)
        --check           exit 1 when any series' verdict is "leak"
      Exit status: 0, 1 on failure (or a leak with --check), 2 on bad options.""";

  public SoakOptions {
    if (duration.compareTo(Duration.ofSeconds(30)) < 0 || duration.compareTo(Duration.ofHours(24)) > 0) {
      throw new IllegalArgumentException("--duration must be between 30s and 24h, was " + format(duration));
    }
    if (warmup.isNegative() || warmup.compareTo(duration.dividedBy(2)) > 0) {
      throw new IllegalArgumentException("--warmup must be between 0 and half the duration, was " + format(warmup));
    }
    if (interval.compareTo(Duration.ofSeconds(1)) < 0 || interval.compareTo(Duration.ofMinutes(10)) > 0) {
      throw new IllegalArgumentException("--interval must be between 1s and 10m, was " + format(interval));
    }
    if (duration.minus(warmup).dividedBy(interval) < 5) {
      throw new IllegalArgumentException("fewer than 5 samples after the warm-up: lengthen --duration or shorten --interval");
    }
    if (callers < 0 || callers > 64) {
      throw new IllegalArgumentException("--callers must be between 0 and 64, was " + callers);
    }
    if (!(httpRate >= 0 && httpRate <= 200)) {
      throw new IllegalArgumentException("--http-rate must be between 0 and 200, was " + httpRate);
    }
    if (!heapMax.matches("\\d+[kKmMgG]")) {
      throw new IllegalArgumentException("--heap must look like 512m, was " + heapMax);
    }
  }

  static SoakOptions parse(String[] args) {
    Duration duration = Duration.ofMinutes(60);
    Duration warmup = null;
    Duration interval = null;
    int callers = 4;
    double httpRate = 10;
    Path root = repoRoot();
    Path javaHome = Paths.get(System.getProperty("java.home"));
    Path agent = root.resolve("agent/target/earshot-agent.jar");
    Path app = root.resolve("sample-app/target/earshot-sample-app.jar");
    Path out = root.resolve("bench/results");
    String heap = "512m";
    boolean check = false;
    boolean withAgent = true;
    for (int i = 0; i < args.length; i++) {
      String name = args[i];
      String value = null;
      int equals = name.indexOf('=');
      if (name.startsWith("--") && equals > 0) {
        value = name.substring(equals + 1);
        name = name.substring(0, equals);
      }
      if (name.equals("--help") || name.equals("-h")) {
        throw new HelpRequested();
      }
      if (name.equals("--check")) {
        check = true;
        continue;
      }
      if (name.equals("--without-agent")) {
        withAgent = false;
        continue;
      }
      if (value == null) {
        if (i + 1 >= args.length) {
          throw new IllegalArgumentException(name + " needs a value");
        }
        value = args[++i];
      }
      try {
        switch (name) {
          case "--duration" -> duration = duration(value);
          case "--warmup" -> warmup = duration(value);
          case "--interval" -> interval = duration(value);
          case "--callers" -> callers = Integer.parseInt(value.trim());
          case "--http-rate" -> httpRate = Double.parseDouble(value.trim());
          case "--java" -> javaHome = Paths.get(value);
          case "--agent" -> agent = Paths.get(value);
          case "--app" -> app = Paths.get(value);
          case "--heap" -> heap = value.trim();
          case "--out" -> out = Paths.get(value);
          default -> throw new IllegalArgumentException("unknown option: " + name);
        }
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(name + " must be a number, was '" + value + "'");
      }
    }
    if (warmup == null) {
      warmup = min(duration.dividedBy(5), Duration.ofMinutes(10));
    }
    if (interval == null) {
      interval = max(Duration.ofSeconds(5), min(duration.dividedBy(120), Duration.ofSeconds(60)));
    }
    for (Path jar : new Path[] {agent, app}) {
      if (!Files.isRegularFile(jar)) {
        throw new IllegalArgumentException(jar + " does not exist (build with mvn -q -DskipTests package)");
      }
    }
    if (!Files.isExecutable(javaHome.resolve("bin/java")) || !Files.isExecutable(javaHome.resolve("bin/jcmd"))) {
      throw new IllegalArgumentException("--java " + javaHome + " is not a JDK with bin/java and bin/jcmd");
    }
    return new SoakOptions(duration, warmup, interval, callers, httpRate, javaHome, agent, app, out, heap, withAgent, check);
  }

  /** {@code 90s}, {@code 10m}, {@code 1h30m}, {@code 45} (seconds). */
  static Duration duration(String text) {
    String value = text.trim().toUpperCase(Locale.ROOT);
    if (value.matches("\\d+")) {
      return Duration.ofSeconds(Long.parseLong(value));
    }
    if (!value.matches("(\\d+H)?(\\d+M)?(\\d+S)?") || value.isEmpty()) {
      throw new IllegalArgumentException("not a duration (such as 90s, 10m, 1h): " + text);
    }
    return Duration.parse("PT" + value);
  }

  static String format(Duration duration) {
    long seconds = duration.toSeconds();
    if (seconds % 3600 == 0) {
      return seconds / 3600 + "h";
    }
    return seconds % 60 == 0 ? seconds / 60 + "m" : seconds + "s";
  }

  private static Duration min(Duration a, Duration b) {
    return a.compareTo(b) <= 0 ? a : b;
  }

  private static Duration max(Duration a, Duration b) {
    return a.compareTo(b) >= 0 ? a : b;
  }

  /** The nearest directory upwards from the working directory with agent/ and sample-app/; else the working directory. */
  static Path repoRoot() {
    Path dir = Paths.get("").toAbsolutePath();
    for (Path d = dir; d != null; d = d.getParent()) {
      if (Files.isDirectory(d.resolve("agent")) && Files.isDirectory(d.resolve("sample-app"))) {
        return d;
      }
    }
    return dir;
  }

  /** Thrown for {@code --help}. */
  static final class HelpRequested extends RuntimeException {
    private static final long serialVersionUID = 1L;

    HelpRequested() {
      super("help", null, false, false);
    }
  }
}
