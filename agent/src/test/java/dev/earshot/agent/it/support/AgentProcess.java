package dev.earshot.agent.it.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A test application running in its own JVM under the built agent jar
 * ({@code -javaagent:agent/target/earshot-agent.jar}), never with agent classes on its class path.
 *
 * <p>Output (stdout and stderr merged) goes to a file under {@code target/it-logs} so that a failed
 * test leaves its evidence. The JDK is the one named by {@code earshot.it.java.home} (the test
 * script runs the suite on JDK 17 and JDK 25).
 */
public final class AgentProcess implements AutoCloseable {

  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private final Process process;
  private final Path log;
  private final int prometheusPort;

  private AgentProcess(Process process, Path log, int prometheusPort) {
    this.process = process;
    this.log = log;
    this.prometheusPort = prometheusPort;
  }

  public static Builder builder(String mainClass) {
    return new Builder(mainClass);
  }

  /** Builds the command line of one instrumented JVM. */
  public static final class Builder {
    private final String mainClass;
    private final List<String> arguments = new ArrayList<>();
    private final List<String> jvmOptions = new ArrayList<>();
    private final List<String> jvmOptionsFirst = new ArrayList<>();
    private final Map<String, String> environment = new LinkedHashMap<>();
    private String agentArguments;
    private String classPath;
    private String jar;
    private boolean withAgent = true;
    private boolean exporterInAgentArguments;
    private Integer prometheusPort;
    private String name;

    private Builder(String mainClass) {
      this.mainClass = mainClass;
    }

    public Builder args(String... values) {
      arguments.addAll(List.of(values));
      return this;
    }

    /** A JVM option such as {@code -Dearshot.http.max-routes=5}. */
    public Builder jvm(String... options) {
      jvmOptions.addAll(List.of(options));
      return this;
    }

    /**
     * JVM options placed before Earshot's {@code -javaagent} flag, e.g. another agent that must
     * start first ({@link #jvm} options come after it).
     */
    public Builder jvmBeforeAgent(String... options) {
      jvmOptionsFirst.addAll(List.of(options));
      return this;
    }

    public Builder env(String key, String value) {
      environment.put(key, value);
      return this;
    }

    /** Text after {@code =} in {@code -javaagent:earshot-agent.jar=...}. */
    public Builder agentArguments(String value) {
      agentArguments = value;
      return this;
    }

    /** Replaces the default class path (test classes plus the test dependencies). */
    public Builder classPath(String value) {
      classPath = value;
      return this;
    }

    /** Runs {@code java -jar} on this jar instead of a main class. */
    public Builder jar(String path) {
      jar = path;
      return this;
    }

    /**
     * Gives Earshot its Prometheus host and port in its agent arguments instead of
     * {@code -Dotel.exporter.prometheus.*} system properties, which another agent in the JVM (the
     * OpenTelemetry agent) would read too.
     */
    public Builder exporterInAgentArguments() {
      exporterInAgentArguments = true;
      return this;
    }

    public Builder withoutAgent() {
      withAgent = false;
      return this;
    }

    /** The Prometheus exporter port; by default a free one is chosen. */
    public Builder prometheusPort(int port) {
      prometheusPort = port;
      return this;
    }

    public Builder name(String value) {
      name = value;
      return this;
    }

    public AgentProcess start() {
      try {
        int port = prometheusPort != null ? prometheusPort : freePort();
        List<String> command = new ArrayList<>();
        command.add(javaHome().resolve("bin/java").toString());
        command.addAll(jvmOptionsFirst);
        String exporter = "otel.exporter.prometheus.port=" + port + ",otel.exporter.prometheus.host=127.0.0.1";
        if (withAgent) {
          String allArguments = exporterInAgentArguments
              ? (agentArguments != null ? agentArguments + "," : "") + exporter
              : agentArguments;
          command.add("-javaagent:" + agentJar() + (allArguments != null ? "=" + allArguments : ""));
        }
        command.add("-Xmx256m");
        if (!exporterInAgentArguments) {
          command.add("-Dotel.exporter.prometheus.port=" + port);
          command.add("-Dotel.exporter.prometheus.host=127.0.0.1");
        }
        command.addAll(jvmOptions);
        if (jar != null) {
          command.add("-jar");
          command.add(jar);
        } else {
          command.add("-cp");
          command.add(classPath != null ? classPath : defaultClassPath());
          command.add(mainClass);
        }
        command.addAll(arguments);
        Path logs = Paths.get("target", "it-logs");
        Files.createDirectories(logs);
        String fileName = (name != null ? name : mainClass.substring(mainClass.lastIndexOf('.') + 1)) + "-" + System.nanoTime() + ".log";
        Path log = logs.resolve(fileName);
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().putAll(environment);
        Files.writeString(log.resolveSibling(fileName + ".cmd"), String.join(" ", command) + "\n");
        return new AgentProcess(builder.start(), log, port);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  public static Path agentJar() {
    return Paths.get(required("earshot.agent.jar"));
  }

  public static Path javaHome() {
    String configured = System.getProperty("earshot.it.java.home");
    return Paths.get(configured == null || configured.isBlank() ? System.getProperty("java.home") : configured);
  }

  /** The test classes plus every test dependency except the agent's own libraries. */
  public static String defaultClassPath() {
    try {
      String dependencies = Files.readString(Paths.get(required("earshot.it.classpath.file"))).trim();
      return required("earshot.it.test.classes") + java.io.File.pathSeparator + dependencies;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String required(String property) {
    String value = System.getProperty(property);
    if (value == null) {
      throw new IllegalStateException("system property " + property + " is not set (run through mvn verify)");
    }
    return value;
  }

  public static int freePort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      socket.setReuseAddress(true);
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public int prometheusPort() {
    return prometheusPort;
  }

  public Path log() {
    return log;
  }

  public String output() {
    try {
      return Files.readString(log, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Waits until a line of output matches; returns the match (its groups hold e.g. a port). */
  public Matcher awaitOutput(String regex, Duration timeout) {
    Pattern pattern = Pattern.compile(regex);
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      for (String line : output().split("\n")) {
        Matcher matcher = pattern.matcher(line);
        if (matcher.find()) {
          return matcher;
        }
      }
      if (!process.isAlive()) {
        throw new AssertionError("process exited with " + process.exitValue() + " before printing /" + regex + "/:\n" + output());
      }
      sleep(25);
    }
    throw new AssertionError("no output matching /" + regex + "/ within " + timeout + ":\n" + output());
  }

  /**
   * Scrapes the agent's Prometheus endpoint, waiting until the agent has fully started: the SDK
   * starts in the background, and {@code earshot_agent_errors_total} is registered last, once every
   * recorder has its instruments. From then on every request is measured.
   */
  public PrometheusText scrape() {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    IOException last = null;
    while (System.nanoTime() < deadline) {
      try {
        HttpResponse<String> response = HTTP.send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + prometheusPort + "/metrics")).timeout(Duration.ofSeconds(10)).build(),
            HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() == 200 && response.body().contains("earshot_agent_errors_total")) {
          return PrometheusText.parse(response.body());
        }
      } catch (IOException e) {
        last = e;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
      if (!process.isAlive()) {
        break;
      }
      sleep(50);
    }
    throw new AssertionError("no metrics on port " + prometheusPort + " (" + last + "):\n" + output());
  }

  /** Scrapes until the condition holds (metrics are recorded when responses complete, after the client has them). */
  public PrometheusText scrapeUntil(java.util.function.Predicate<PrometheusText> condition, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    PrometheusText text = scrape();
    while (!condition.test(text) && System.nanoTime() < deadline) {
      sleep(50);
      text = scrape();
    }
    return text;
  }

  public boolean isAlive() {
    return process.isAlive();
  }

  public Process process() {
    return process;
  }

  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
