package dev.earshot.agent.it.export;

import static org.assertj.core.api.Assertions.assertThat;

import dev.earshot.agent.it.support.AgentProcess;
import dev.earshot.agent.it.support.Http;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/** Shared steps and expectations of the export tests. */
final class ExportChecks {

  static final String JDK_SERVER_APP = "dev.earshot.testapps.JdkServerApp";
  static final String DURATION = "http.server.request.duration";
  /** The semantic conventions' advice for http.server.request.duration. */
  static final List<Double> SEMCONV_BUCKETS =
      List.of(0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1.0, 2.5, 5.0, 7.5, 10.0);

  private ExportChecks() {}

  /** Waits for the application's {@code READY port=N} line and returns its base URL. */
  static String baseUrl(AgentProcess app) {
    return "http://127.0.0.1:" + app.awaitOutput("READY port=(\\d+)", Duration.ofSeconds(30)).group(1);
  }

  /** GETs the URL and asserts the application's own answer: 200 with body "ok". */
  static void getOk(String url) {
    HttpResponse<String> response = Http.get(url);
    assertThat(response.statusCode()).as("status of %s", url).isEqualTo(200);
    assertThat(response.body()).as("body of %s", url).isEqualTo("ok");
  }

  /** GETs every path concurrently, {@code parallelism} at a time, each answered 200 "ok". */
  static void getAllOk(String base, List<String> paths, int parallelism) {
    ExecutorService pool = Executors.newFixedThreadPool(parallelism);
    try {
      List<Future<?>> done = new ArrayList<>();
      for (String path : paths) {
        done.add(pool.submit(() -> getOk(base + path)));
      }
      for (Future<?> future : done) {
        future.get(30, TimeUnit.SECONDS);
      }
    } catch (ExecutionException e) {
      throw e.getCause() instanceof AssertionError a ? a : new AssertionError(e.getCause());
    } catch (InterruptedException | TimeoutException e) {
      throw new AssertionError(e);
    } finally {
      pool.shutdownNow();
    }
  }

  /** Lines the agent wrote to the application's output. */
  static List<String> earshotLines(AgentProcess app) {
    return Arrays.stream(app.output().split("\n")).map(String::stripTrailing).filter(l -> l.startsWith("[earshot]")).toList();
  }

  static List<String> earshotWarnings(AgentProcess app) {
    return earshotLines(app).stream().filter(l -> l.startsWith("[earshot] WARN") || l.startsWith("[earshot] ERROR")).toList();
  }

  static long countLines(AgentProcess app, String text) {
    return Arrays.stream(app.output().split("\n")).filter(l -> l.contains(text)).count();
  }

  /** Nothing accepts connections on 127.0.0.1:port (the Prometheus exporter is not running). */
  static void assertNothingListensOn(int port) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", port), 2000);
      throw new AssertionError("something listens on 127.0.0.1:" + port);
    } catch (ConnectException expected) {
      // refused: nobody listens
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The expectations every OTLP transport must meet for the 4 requests to /users/{id}. */
  static void assertFourUserRequests(OtlpMetricsReceiver.HistogramPoint found) {
    assertThat(found.point().getCount()).isEqualTo(4);
    assertThat(found.point().getBucketCountsList().stream().mapToLong(Long::longValue).sum()).isEqualTo(4);
    assertThat(found.point().getSum()).isGreaterThan(0).isLessThan(30);
    assertThat(found.point().getExplicitBoundsList()).isEqualTo(SEMCONV_BUCKETS);
    assertThat(found.attributes()).isEqualTo(Map.of(
        "http.request.method", "GET",
        "http.response.status_code", 200L,
        "http.route", "/users/{id}",
        "url.scheme", "http"));
    assertThat(found.metric().getUnit()).isEqualTo("s");
    assertThat(found.metric().getDescription()).isEqualTo("Duration of HTTP server requests.");
    assertThat(found.metric().getHistogram().getAggregationTemporality())
        .isEqualTo(io.opentelemetry.proto.metrics.v1.AggregationTemporality.AGGREGATION_TEMPORALITY_CUMULATIVE);
    assertThat(found.scope().getName()).isEqualTo("dev.earshot.agent");
    Map<String, Object> resource = found.resourceAttributes();
    assertThat(resource)
        .containsEntry("service.name", "otlp-test")
        .containsEntry("deployment.environment.name", "test")
        .containsEntry("telemetry.distro.name", "earshot")
        .containsEntry("telemetry.sdk.name", "opentelemetry")
        .containsEntry("telemetry.sdk.language", "java")
        .containsKey("service.instance.id");
  }

  /**
   * Threads the JVM starts by itself as load varies (JIT compilers, GC workers), and the one that
   * answers jcmd (started by the first sample).
   */
  private static final List<String> JVM_DYNAMIC_THREADS =
      List.of("C1 CompilerThre", "C2 CompilerThre", "GC Thread#", "G1 Conc#", "G1 Refine#", "Attach Listener");

  /** What one process looks like from outside: resident memory, threads, live heap. */
  record ProcessSample(long rssKib, List<String> threads, long heapUsedAfterGcKib) {
    /** OkHttp's (the OTLP exporter's HTTP client): pools that start threads on demand, idle ones live 60 s. */
    List<String> exporterThreads() {
      return threads.stream().filter(ProcessSample::isExporterThread).toList();
    }

    List<String> otherThreads() {
      return threads.stream().filter(name -> !isExporterThread(name)).toList();
    }

    static boolean isExporterThread(String name) {
      return name.startsWith("OkHttp") || name.startsWith("okhttp") || name.startsWith("Okio");
    }
  }

  /**
   * Samples a live JVM right after a full collection ({@code jcmd PID GC.run}, with the application's
   * JDK), so that two samples compare what the process keeps rather than how much garbage it had:
   * VmRSS from /proc/PID/status, the names of its threads from /proc/PID/task/TID/comm without the
   * JVM's own elastic ones, and the heap in use ({@code jcmd PID GC.heap_info}).
   */
  static ProcessSample sample(long pid) {
    try {
      jcmd(pid, "GC.run");
      long rss = -1;
      for (String line : Files.readAllLines(Paths.get("/proc", Long.toString(pid), "status"))) {
        if (line.startsWith("VmRSS:")) {
          rss = Long.parseLong(line.replaceAll("[^0-9]", ""));
        }
      }
      List<String> threads = new ArrayList<>();
      try (Stream<Path> tasks = Files.list(Paths.get("/proc", Long.toString(pid), "task"))) {
        for (Path task : tasks.toList()) {
          try {
            String name = Files.readString(task.resolve("comm")).strip();
            if (JVM_DYNAMIC_THREADS.stream().noneMatch(name::startsWith)) {
              threads.add(name);
            }
          } catch (NoSuchFileException ended) {
            // the thread ended while we looked
          }
        }
      }
      Collections.sort(threads);
      Matcher used = Pattern.compile("used (\\d+)K").matcher(jcmd(pid, "GC.heap_info"));
      if (!used.find()) {
        throw new AssertionError("no heap figure from jcmd " + pid + " GC.heap_info");
      }
      return new ProcessSample(rss, threads, Long.parseLong(used.group(1)));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String jcmd(long pid, String command) {
    try {
      Process jcmd = new ProcessBuilder(AgentProcess.javaHome().resolve("bin/jcmd").toString(), Long.toString(pid), command)
          .redirectErrorStream(true).start();
      String output = new String(jcmd.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!jcmd.waitFor(20, TimeUnit.SECONDS) || jcmd.exitValue() != 0) {
        throw new AssertionError("jcmd " + pid + " " + command + " failed: " + output);
      }
      return output;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /**
   * True once the agent of that process has finished starting ({@code earshot-init} gone) and its
   * OTLP exporter has made its first attempt (OkHttp's threads exist): a memory sample taken from
   * then on compares export failures, not the agent's own start-up.
   */
  static boolean exporterRunning(long pid) {
    List<String> names = new ArrayList<>();
    try (Stream<Path> tasks = Files.list(Paths.get("/proc", Long.toString(pid), "task"))) {
      for (Path task : tasks.toList()) {
        try {
          names.add(Files.readString(task.resolve("comm")).strip());
        } catch (NoSuchFileException ended) {
          // the thread ended while we looked
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return names.stream().noneMatch(n -> n.startsWith("earshot-init")) && names.stream().anyMatch(ProcessSample::isExporterThread);
  }

  /** A properties file under target/ for one test. */
  static Path writeConfig(String name, String content) {
    try {
      Path dir = Files.createDirectories(Paths.get("target", "it-config"));
      Path file = dir.resolve(name + "-" + System.nanoTime() + ".properties").toAbsolutePath();
      Files.writeString(file, content);
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
