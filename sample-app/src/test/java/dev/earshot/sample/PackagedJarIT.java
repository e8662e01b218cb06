package dev.earshot.sample;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Starts {@code target/earshot-sample-app.jar} exactly as users and the agent's test harness do
 * ({@code java -jar ... --port 0}), waits for the startup line and calls the app. Catches
 * packaging mistakes (manifest, merged service files) that in-process tests cannot see.
 */
@Timeout(30)
class PackagedJarIT {

  private static final Pattern STARTUP_LINE =
      Pattern.compile("Earshot sample assistant listening on http://127\\.0\\.0\\.1:(\\d+)");

  @Test
  void fatJarStartsAndServes() throws Exception {
    Path jar = Paths.get(System.getProperty("sampleApp.jar", "target/earshot-sample-app.jar"));
    assertThat(jar).exists();
    Path java = Paths.get(System.getProperty("java.home"), "bin", "java");
    Path stderr = Files.createTempFile("earshot-sample-app", ".stderr");

    Process process =
        new ProcessBuilder(java.toString(), "-jar", jar.toString(), "--port", "0", "--host", "127.0.0.1")
            .redirectError(stderr.toFile())
            .start();
    try {
      int port = awaitStartupPort(process).get(20, TimeUnit.SECONDS);
      TestHttp http = TestHttp.forLocalPort(port);

      assertThat(http.get("/health").body()).isEqualTo("{\"status\":\"ok\"}");
      assertThat(http.post("/api/sessions", "{\"voice\":\"alloy\"}").statusCode()).isEqualTo(201);
      assertThat(http.get("/api/debug/fail").statusCode()).isEqualTo(500);
      // Logging goes through slf4j-simple, so Jetty's startup is visible on stderr.
      assertThat(Files.readString(stderr)).contains("Javalin started");
    } finally {
      process.destroy();
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
      Files.deleteIfExists(stderr);
    }
  }

  private static CompletableFuture<Integer> awaitStartupPort(Process process) {
    return CompletableFuture.supplyAsync(
        () -> {
          try (BufferedReader stdout =
              new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = stdout.readLine()) != null; ) {
              Matcher matcher = STARTUP_LINE.matcher(line);
              if (matcher.matches()) {
                return Integer.parseInt(matcher.group(1));
              }
            }
            throw new IllegalStateException("app exited without printing its startup line");
          } catch (IOException e) {
            throw new IllegalStateException(e);
          }
        });
  }
}
