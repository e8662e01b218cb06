package dev.earshot.bench.soak;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** A JVM the soak starts, with its output in a log file; stopped with SIGTERM, then SIGKILL. */
final class ChildProcess implements AutoCloseable {

  /** Variables that would change what the measured JVMs do: the soak runs them with defaults. */
  private static final List<String> CLEARED_PREFIXES = List.of("OTEL_", "EARSHOT_", "OPENAI_");
  private static final List<String> CLEARED = List.of("JAVA_TOOL_OPTIONS", "JDK_JAVA_OPTIONS", "_JAVA_OPTIONS", "PORT", "HOST");

  final String name;
  final Process process;
  final Path log;

  private ChildProcess(String name, Process process, Path log) {
    this.name = name;
    this.process = process;
    this.log = log;
  }

  static ChildProcess start(String name, List<String> command, Map<String, String> env, Path logDir) throws IOException {
    Path log = logDir.resolve(name + ".log");
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
    builder.environment().keySet().removeIf(key -> CLEARED.contains(key) || CLEARED_PREFIXES.stream().anyMatch(key::startsWith));
    builder.environment().putAll(env);
    Files.writeString(logDir.resolve(name + ".cmd"), String.join(" ", command) + "\n");
    return new ChildProcess(name, builder.start(), log);
  }

  long pid() {
    return process.pid();
  }

  String output() {
    try {
      return Files.readString(log, StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "";
    }
  }

  /** Waits until GET url answers 200, failing early if the process exits. */
  void awaitHttp200(String url, Duration timeout) throws InterruptedException {
    HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException(name + " exited with " + process.exitValue() + " before " + url + " answered; see " + log);
      }
      try {
        HttpResponse<Void> response = client.send(
            HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.discarding());
        if (response.statusCode() == 200) {
          return;
        }
      } catch (IOException notYet) {
        // not listening yet
      }
      Thread.sleep(100);
    }
    throw new IllegalStateException(name + ": no 200 from " + url + " within " + timeout.toSeconds() + " s; see " + log);
  }

  /** SIGTERM, up to 15 s to exit, then SIGKILL. */
  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(15, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }

  static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
