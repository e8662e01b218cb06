package dev.earshot.sample;

import static org.assertj.core.api.Assertions.assertThat;

import dev.earshot.sample.openai.simulator.OpenAiSimulator;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.http.HttpResponse;
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
 * ({@code java -jar ... --port 0}, and {@code java -cp ... OpenAiSimulator}), waits for the startup
 * line and calls the app. Catches packaging mistakes (manifest, merged service files) that
 * in-process tests cannot see.
 */
@Timeout(30)
class PackagedJarIT {

  private static final Pattern STARTUP_LINE =
      Pattern.compile("Earshot sample assistant listening on http://127\\.0\\.0\\.1:(\\d+)");
  private static final Pattern SIMULATOR_LINE =
      Pattern.compile("OpenAI simulator listening on http://127\\.0\\.0\\.1:(\\d+)/v1");

  @Test
  void fatJarStartsAndServes() throws Exception {
    Path jar = Paths.get(System.getProperty("sampleApp.jar", "target/earshot-sample-app.jar"));
    assertThat(jar).exists();
    Path java = Paths.get(System.getProperty("java.home"), "bin", "java");
    Path stderr = Files.createTempFile("earshot-sample-app", ".stderr");

    ProcessBuilder builder =
        new ProcessBuilder(java.toString(), "-jar", jar.toString(), "--port", "0", "--host", "127.0.0.1")
            .redirectError(stderr.toFile());
    builder.environment().remove("OPENAI_API_KEY");
    builder.environment().put("OPENAI_SIM_TTFT_MS", "10");
    builder.environment().put("OPENAI_SIM_TOKEN_DELAY_MS", "1");
    Process process = builder.start();
    try {
      int port = awaitStartupPort(process).get(20, TimeUnit.SECONDS);
      TestHttp http = TestHttp.forLocalPort(port);

      assertThat(http.get("/health").body()).isEqualTo("{\"status\":\"ok\"}");
      assertThat(http.post("/api/sessions", "{\"voice\":\"alloy\"}").statusCode()).isEqualTo(201);
      assertThat(http.get("/api/debug/fail").statusCode()).isEqualTo(500);
      // Without OPENAI_API_KEY the LLM routes run against the in-process simulator, through the
      // shaded SDK (Kotlin, OkHttp, Jackson modules all from the fat jar).
      assertThat(http.post("/rt-token", null).statusCode()).isEqualTo(200);
      HttpResponse<String> chat = http.post("/api/chat", "{\"message\":\"hello\"}");
      assertThat(chat.statusCode()).isEqualTo(200);
      assertThat(chat.body()).contains("data: {\"delta\":").contains("event: done");
      // Logging goes through slf4j-simple, so Jetty's startup is visible on stderr.
      assertThat(Files.readString(stderr))
          .contains("Javalin started")
          .contains("OPENAI_API_KEY is not set: using the in-process OpenAI simulator at http://127.0.0.1:");
    } finally {
      process.destroy();
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
      Files.deleteIfExists(stderr);
    }
  }

  @Test
  void theOpenAiSimulatorRunsFromTheFatJar() throws Exception {
    Path jar = Paths.get(System.getProperty("sampleApp.jar", "target/earshot-sample-app.jar"));
    Path java = Paths.get(System.getProperty("java.home"), "bin", "java");
    Process process =
        new ProcessBuilder(java.toString(), "-cp", jar.toString(), OpenAiSimulator.class.getName(),
                "--port", "0", "--ttft-ms", "0", "--seed", "3")
            .redirectError(ProcessBuilder.Redirect.DISCARD)
            .start();
    try {
      int port = awaitPort(process, SIMULATOR_LINE).get(20, TimeUnit.SECONDS);
      TestHttp http = new TestHttp("http://127.0.0.1:" + port);

      HttpResponse<String> answer =
          http.post("/v1/chat/completions",
              "{\"model\":\"gpt-4o-mini\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}",
              "Authorization", "Bearer sk-anything");
      assertThat(answer.statusCode()).isEqualTo(200);
      assertThat(TestHttp.json(answer).get("model").asText()).isEqualTo("gpt-4o-mini-2024-07-18");
      assertThat(http.get("/_simulator/config").body()).contains("\"seed\":3");
    } finally {
      process.destroy();
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    }
  }

  private static CompletableFuture<Integer> awaitStartupPort(Process process) {
    return awaitPort(process, STARTUP_LINE);
  }

  private static CompletableFuture<Integer> awaitPort(Process process, Pattern startupLine) {
    return CompletableFuture.supplyAsync(
        () -> {
          try (BufferedReader stdout =
              new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = stdout.readLine()) != null; ) {
              Matcher matcher = startupLine.matcher(line);
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
