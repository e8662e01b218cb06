package dev.earshot.agent.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.earshot.agent.it.support.AgentProcess;
import dev.earshot.agent.it.support.Http;
import dev.earshot.agent.it.support.PrometheusText;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The README's first command, {@code scripts/demo.sh}, does what the README says: the sample
 * assistant under the agent, the OpenAI simulator in its own JVM (no API key), traffic every
 * second, simulated voice callers on /ws/realtime, and on the Prometheus endpoint the OpenAI
 * metrics of the assistant's chat, token and voice paths and the WebSocket and voice metrics of the
 * callers' conversations. Stopping the script stops everything it started.
 */
class DemoScriptIT {

  private static final String DURATION_COUNT = "gen_ai_client_operation_duration_seconds_count";
  private static final String[] VOICE = {"websocket_side", "server", "websocket_endpoint", "/ws/realtime"};

  @Test
  void theDemoShowsTheAssistantsOpenAiMetricsAndStopsCleanly() throws Exception {
    Path script = Paths.get("..", "scripts", "demo.sh").toAbsolutePath().normalize();
    assertThat(script).exists();
    int appPort = AgentProcess.freePort();
    int metricsPort = AgentProcess.freePort();
    int simulatorPort = AgentProcess.freePort();
    Path log = Paths.get("target", "it-logs", "DemoScriptIT-" + System.nanoTime() + ".log");
    Files.createDirectories(log.getParent());
    ProcessBuilder builder = new ProcessBuilder("bash", script.toString())
        .directory(script.getParent().getParent().toFile())
        .redirectErrorStream(true).redirectOutput(log.toFile());
    builder.environment().remove("OPENAI_API_KEY");
    builder.environment().remove("OPENAI_BASE_URL");
    builder.environment().put("PORT", Integer.toString(appPort));
    builder.environment().put("OTEL_EXPORTER_PROMETHEUS_PORT", Integer.toString(metricsPort));
    builder.environment().put("SIM_PORT", Integer.toString(simulatorPort));
    builder.environment().put("JAVA_HOME", AgentProcess.javaHome().toString());
    builder.environment().put("PATH", AgentProcess.javaHome().resolve("bin") + ":" + System.getenv("PATH"));
    Process demo = builder.start();
    try {
      PrometheusText metrics = null;
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
      while (System.nanoTime() < deadline) {
        assertThat(demo.isAlive()).as("the demo is running; its output:\n%s", output(log)).isTrue();
        metrics = scrape(metricsPort);
        if (metrics != null && metrics.sum(DURATION_COUNT, "gen_ai_operation_name", "chat") >= 2
            && metrics.sum(DURATION_COUNT, "gen_ai_operation_name", "client_secret") >= 2
            && metrics.sum("gen_ai_client_operation_time_to_first_chunk_seconds_count") >= 2
            && metrics.sum("websocket_connections_active", VOICE) >= 3
            && metrics.sum("conversation_turns_total", "conversation_role", "assistant") >= 2
            && metrics.sum("conversation_response_latency_seconds_count") >= 2) {
          break;
        }
        Thread.sleep(500);
      }
      assertThat(metrics).as("metrics of the demo; its output:\n%s", output(log)).isNotNull();
      assertThat(metrics.sum(DURATION_COUNT, "gen_ai_operation_name", "chat")).isGreaterThanOrEqualTo(2);
      assertThat(metrics.sum(DURATION_COUNT, "gen_ai_operation_name", "client_secret")).isGreaterThanOrEqualTo(2);
      assertThat(metrics.labelValues(DURATION_COUNT, "server_port")).containsExactly(Integer.toString(simulatorPort));
      assertThat(metrics.sum("gen_ai_client_token_usage_count")).isGreaterThanOrEqualTo(2);
      assertThat(metrics.sum("http_server_request_duration_seconds_count")).isGreaterThan(0);
      // The simulator runs without the agent: only the assistant's own routes are HTTP server routes.
      assertThat(metrics.labelValues("http_server_request_duration_seconds_count", "http_route")).noneMatch(r -> r.startsWith("/v1"));
      // The simulated voice callers (three by default) talking on /ws/realtime.
      assertThat(metrics.sum("websocket_connections_active", VOICE)).isEqualTo(3);
      assertThat(metrics.sum("websocket_messages_received_total", VOICE)).isGreaterThan(100);
      assertThat(metrics.sum("websocket_payload_sent_bytes_total", VOICE)).isGreaterThan(10_000);
      assertThat(metrics.sum("conversation_turns_total", "conversation_role", "user")).isGreaterThanOrEqualTo(2);
      assertThat(metrics.sum(DURATION_COUNT, "gen_ai_operation_name", "transcription")).isGreaterThanOrEqualTo(2);
      assertThat(metrics.sum(DURATION_COUNT, "gen_ai_operation_name", "speech")).isGreaterThanOrEqualTo(2);
      assertThat(output(log)).contains("Sample assistant: http://localhost:" + appPort);
    } finally {
      demo.destroy();
      assertThat(demo.waitFor(30, TimeUnit.SECONDS)).as("the demo stops on SIGTERM").isTrue();
    }
    assertThat(portClosed(appPort) && portClosed(simulatorPort) && portClosed(metricsPort))
        .as("everything the demo started has stopped; its output:\n%s", output(log)).isTrue();
  }

  private static PrometheusText scrape(int port) {
    try {
      HttpResponse<String> response = Http.get("http://127.0.0.1:" + port + "/metrics");
      return response.statusCode() == 200 ? PrometheusText.parse(response.body()) : null;
    } catch (RuntimeException e) {
      return null;
    }
  }

  private static boolean portClosed(int port) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
    while (System.nanoTime() < deadline) {
      try (java.net.Socket socket = new java.net.Socket()) {
        socket.connect(new java.net.InetSocketAddress("127.0.0.1", port), 200);
      } catch (IOException e) {
        return true;
      }
      Thread.sleep(200);
    }
    return false;
  }

  private static String output(Path log) {
    try {
      return Files.readString(log);
    } catch (IOException e) {
      return "(no output: " + e + ")";
    }
  }
}
