package dev.earshot.agent.it.coexistence;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.earshot.agent.it.export.OtlpHttpReceiver;
import dev.earshot.agent.it.export.OtlpMetricsReceiver;
import dev.earshot.agent.it.openai.Simulator;
import dev.earshot.agent.it.support.AgentProcess;
import dev.earshot.agent.it.support.Http;
import dev.earshot.agent.it.support.PrometheusText;
import dev.earshot.agent.it.voice.RealtimeCaller;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.metrics.v1.HistogramDataPoint;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import io.opentelemetry.proto.metrics.v1.ScopeMetrics;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Earshot next to the OpenTelemetry Java agent in one JVM, in either order of their
 * {@code -javaagent} flags: the sample assistant (Javalin on Jetty 12, its Realtime voice
 * WebSocket, the official OpenAI SDK against the simulator in another JVM) answers as it does
 * alone, Earshot's counts are exact, and the OpenTelemetry agent still instruments and exports
 * (OTLP into an in-test receiver).
 *
 * <p>Each agent is configured where the other does not look: the OpenTelemetry agent through its
 * own configuration file ({@code otel.javaagent.configuration-file}), Earshot through its defaults
 * (Prometheus, on the port {@link AgentProcess} gives it). Both read {@code OTEL_*} variables and
 * {@code -Dotel.*} properties, so such settings would apply to both (docs/architecture.md).
 */
class OtelAgentCoexistenceIT {

  enum AgentOrder { EARSHOT_FIRST, OTEL_FIRST }

  private static final Duration ANSWER = Duration.ofSeconds(30);
  private static final String SERVER_WS = "/ws/realtime";
  private static final int HEALTH_CHECKS = 3;

  @ParameterizedTest(name = "{0}")
  @EnumSource(AgentOrder.class)
  void bothAgentsInstrumentTheSampleAssistantAndEarshotCountsExactly(AgentOrder order) throws Exception {
    try (Simulator simulator = Simulator.start("coexistence-simulator-" + order, "--ttft-ms", "50", "--token-delay-ms", "2");
        OtlpHttpReceiver receiver = OtlpHttpReceiver.start();
        AgentProcess app = startWithBothAgents(order, simulator, receiver)) {
      int port = Integer.parseInt(app.awaitOutput("listening on http://[^:]+:(\\d+)", Duration.ofSeconds(90)).group(1));
      String base = "http://127.0.0.1:" + port;
      app.scrape(); // Earshot has started: requests from now on are measured

      // The application answers as it does alone.
      for (int i = 0; i < HEALTH_CHECKS; i++) {
        HttpResponse<String> health = Http.get(base + "/health");
        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(health.body()).isEqualTo("{\"status\":\"ok\"}");
      }
      HttpResponse<String> created = Http.post(base + "/api/sessions", "{\"voice\":\"alloy\"}");
      assertThat(created.statusCode()).isEqualTo(201);
      String location = created.headers().firstValue("Location").orElseThrow();
      HttpResponse<String> found = Http.get(base + location);
      assertThat(found.statusCode()).isEqualTo(200);
      assertThat(found.body()).contains(location.substring(location.lastIndexOf('/') + 1));
      HttpResponse<String> chat = Http.post(base + "/api/chat", "{\"message\":\"Say hello to both agents.\"}");
      assertThat(chat.statusCode()).isEqualTo(200);
      assertThat(chat.headers().firstValue("Content-Type").orElse("")).startsWith("text/event-stream");
      assertThat(chat.body()).contains("data: {\"delta\":").contains("event: done").contains("\"finishReason\":\"stop\"");
      HttpResponse<String> token = Http.post(base + "/rt-token", "{\"voice\":\"alloy\"}");
      assertThat(token.statusCode()).isEqualTo(200);
      assertThat(token.body()).startsWith("{\"value\":\"ek_");

      // One spoken turn on the voice WebSocket, answered and played out.
      RealtimeCaller caller = new RealtimeCaller(URI.create("ws://127.0.0.1:" + port + SERVER_WS));
      caller.await("session.created", 1, Duration.ofSeconds(10));
      Thread.sleep(400); // quiet audio first: the detector calibrates its noise floor
      caller.speak(1_000);
      caller.await("response.done", 1, ANSWER);
      caller.await("output_audio_buffer.stopped", 1, ANSWER);
      assertThat(caller.hangUp()).isEqualTo(1000);
      assertThat(caller.events("response.done", json -> true))
          .extracting(e -> e.json().path("response").path("status").asText()).containsExactly("completed");

      // Earshot: exact counts.
      PrometheusText metrics = app.scrapeUntil(m -> m.sum("websocket_closes_total", "websocket_endpoint", SERVER_WS) >= 1,
          Duration.ofSeconds(15));
      // Every request once, the WebSocket's upgrade included; nothing else (no scrape of /metrics).
      assertThat(httpCountsByRoute(metrics)).isEqualTo(Map.of("/health", (long) HEALTH_CHECKS, "/api/sessions", 1L,
          "/api/sessions/{id}", 1L, "/api/chat", 1L, "/rt-token", 1L, SERVER_WS, 1L));
      String[] ws = {"websocket_side", "server", "websocket_endpoint", SERVER_WS};
      assertThat(metrics.sum("websocket_messages_received_total", ws)).isEqualTo(caller.framesSent());
      assertThat(metrics.sum("websocket_payload_received_bytes_total", ws)).isEqualTo(caller.bytesSent());
      assertThat(metrics.sum("websocket_messages_sent_total", ws)).isEqualTo(caller.framesReceived());
      assertThat(metrics.sum("websocket_payload_sent_bytes_total", ws)).isEqualTo(caller.bytesReceived());
      assertThat(metrics.sum("websocket_closes_total", "websocket_close_code", "1000", "websocket_close_initiator", "remote"))
          .isEqualTo(1);
      assertThat(metrics.sum("websocket_connections_active", ws)).isZero();
      assertThat(metrics.sum("conversation_turns_total", "conversation_role", "user")).isEqualTo(1);
      assertThat(metrics.sum("conversation_turns_total", "conversation_role", "assistant")).isEqualTo(1);
      assertThat(metrics.sum("conversation_responses_total", "conversation_response_status", "completed")).isEqualTo(1);
      // Every OpenAI call the simulator served, by operation, and nothing else.
      JsonNode served = simulator.stats().path("byEndpoint");
      Map<String, Long> expected = new TreeMap<>();
      expected.put("chat", served.path("POST /v1/chat/completions").asLong());
      expected.put("transcription", served.path("POST /v1/audio/transcriptions").asLong());
      expected.put("speech", served.path("POST /v1/audio/speech").asLong());
      expected.put("client_secret", served.path("POST /v1/realtime/client_secrets").asLong());
      assertThat(expected.get("chat")).as("chat calls: /api/chat and the voice turn's answer").isEqualTo(2);
      assertThat(expected.values().stream().mapToLong(Long::longValue).sum()).isEqualTo(simulator.stats().path("requests").asLong());
      assertThat(genAiCountsByOperation(metrics)).isEqualTo(expected);
      assertThat(metrics.sum("earshot_agent_errors_total")).isZero();
      // Earshot exports through its own SDK, whatever the other agent carries.
      assertThat(metrics.series("target_info").get(0).label("telemetry_sdk_version")).isEqualTo("1.65.0");

      // The OpenTelemetry agent still instruments and exports: its own server histogram, as OTLP.
      long otelHealth = awaitOtelServerCount(receiver, "/health", HEALTH_CHECKS);
      assertThat(otelHealth).isEqualTo(HEALTH_CHECKS);
      assertThat(receiver.spans()).anySatisfy(span -> assertThat(span.getName()).isEqualTo("GET /health"));

      String output = app.output();
      assertThat(output).doesNotContain("VerifyError").doesNotContain("LinkageError").doesNotContain("ClassCircularityError")
          .doesNotContain("NoClassDefFoundError").doesNotContain("[earshot] WARN").doesNotContain("[earshot] ERROR");
      assertThat(output).contains("opentelemetry-javaagent - version: 2.31.1").contains("[earshot] INFO Earshot ");
      assertThat(app.isAlive()).isTrue();
    }
  }

  private static AgentProcess startWithBothAgents(AgentOrder order, Simulator simulator, OtlpHttpReceiver receiver) {
    String otelJar = otelAgentJar().toString();
    Path otelConfig = otelConfiguration(order, receiver);
    AgentProcess.Builder builder = AgentProcess.builder("sample-assistant").name("coexistence-" + order)
        .jar(Simulator.sampleJar().toString()).args("--port", "0", "--host", "127.0.0.1")
        .env("OPENAI_BASE_URL", simulator.baseUrl()).env("OPENAI_API_KEY", "sk-coexistence-it");
    String[] otel = {"-javaagent:" + otelJar, "-Dotel.javaagent.configuration-file=" + otelConfig};
    return (order == AgentOrder.OTEL_FIRST ? builder.jvmBeforeAgent(otel) : builder.jvm(otel)).start();
  }

  /** The OpenTelemetry agent's own settings: OTLP/HTTP into the receiver, pushed every second. */
  private static Path otelConfiguration(AgentOrder order, OtlpHttpReceiver receiver) {
    try {
      Path file = Files.createDirectories(Paths.get("target", "it-logs")).resolve("otel-agent-" + order + ".properties")
          .toAbsolutePath();
      Files.writeString(file, String.join("\n",
          "otel.service.name=coexistence",
          "otel.exporter.otlp.protocol=http/protobuf",
          "otel.exporter.otlp.endpoint=" + receiver.endpoint(),
          "otel.metric.export.interval=1000",
          "otel.bsp.schedule.delay=200",
          "otel.blrp.schedule.delay=200",
          ""));
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Path otelAgentJar() {
    String configured = System.getProperty("earshot.it.otel.javaagent");
    Path jar = Paths.get(configured == null ? "target/otel-javaagent/opentelemetry-javaagent.jar" : configured);
    if (!Files.isRegularFile(jar)) {
      throw new AssertionError("the OpenTelemetry Java agent " + jar + " is missing: it is copied by the agent module's"
          + " otel-javaagent execution (mvn -pl agent generate-test-resources)");
    }
    return jar;
  }

  private static Map<String, Long> httpCountsByRoute(PrometheusText metrics) {
    Map<String, Long> byRoute = new TreeMap<>();
    for (PrometheusText.Sample sample : metrics.series("http_server_request_duration_seconds_count")) {
      byRoute.merge(sample.label("http_route"), (long) sample.value(), Long::sum);
    }
    return byRoute;
  }

  private static Map<String, Long> genAiCountsByOperation(PrometheusText metrics) {
    Map<String, Long> byOperation = new TreeMap<>();
    for (PrometheusText.Sample sample : metrics.series("gen_ai_client_operation_duration_seconds_count")) {
      byOperation.merge(sample.label("gen_ai_operation_name"), (long) sample.value(), Long::sum);
    }
    return byOperation;
  }

  /**
   * The latest cumulative count of the OpenTelemetry agent's {@code http.server.request.duration}
   * for a route, waiting until it reaches {@code expected} (it pushes every second).
   */
  private static long awaitOtelServerCount(OtlpHttpReceiver receiver, String route, long expected) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    long latest = -1;
    while (System.nanoTime() < deadline) {
      latest = latestOtelServerCount(receiver, route);
      if (latest >= expected) {
        return latest;
      }
      Thread.sleep(200);
    }
    throw new AssertionError("the OpenTelemetry agent exported no http.server.request.duration count " + expected + " for "
        + route + " (latest " + latest + ", " + receiver.requests().size() + " metric exports, paths " + receiver.wire() + ")");
  }

  private static long latestOtelServerCount(OtlpHttpReceiver receiver, String route) {
    long latest = -1;
    for (ExportMetricsServiceRequest request : receiver.requests()) {
      long inRequest = -1;
      for (ResourceMetrics resource : request.getResourceMetricsList()) {
        if (!"opentelemetry-java-instrumentation".equals(
            OtlpMetricsReceiver.attributes(resource.getResource().getAttributesList()).get("telemetry.distro.name"))) {
          continue;
        }
        for (ScopeMetrics scope : resource.getScopeMetricsList()) {
          for (Metric metric : scope.getMetricsList()) {
            if (!metric.getName().equals("http.server.request.duration")) {
              continue;
            }
            for (HistogramDataPoint point : metric.getHistogram().getDataPointsList()) {
              if (route.equals(OtlpMetricsReceiver.attributes(point.getAttributesList()).get("http.route"))) {
                inRequest = Math.max(inRequest, 0) + point.getCount();
              }
            }
          }
        }
      }
      if (inRequest >= 0) {
        latest = inRequest; // cumulative: the latest export has the whole count
      }
    }
    return latest;
  }
}
