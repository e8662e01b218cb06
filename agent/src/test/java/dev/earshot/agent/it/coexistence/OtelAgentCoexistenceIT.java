package dev.earshot.agent.it.coexistence;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.earshot.agent.it.export.OtlpHttpReceiver;
import dev.earshot.agent.it.export.OtlpMetricsReceiver;
import dev.earshot.agent.it.openai.Simulator;
import dev.earshot.agent.it.support.AgentProcess;
import dev.earshot.agent.it.support.Http;
import dev.earshot.agent.it.support.JvmDiagnostics;
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
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Earshot next to the OpenTelemetry Java agent in one JVM, in either order of their
 * {@code -javaagent} flags: the sample assistant (Javalin on Jetty 12, its Realtime voice
 * WebSocket, the official OpenAI SDK against the simulator in another JVM) answers as it does
 * alone, Earshot's counts are exact, and the OpenTelemetry agent still instruments and exports.
 * Earshot touches nothing of the other agent: no class of its loader is instrumented (jcmd's loader
 * statistics show no Earshot module loader under it) and its Prometheus scrapes are not counted as
 * the application's requests.
 *
 * <p>The OpenTelemetry agent is configured through its own configuration file
 * ({@code otel.javaagent.configuration-file}), which Earshot does not read. Both agents read
 * {@code OTEL_*} variables and {@code -Dotel.*} properties, so such settings would apply to both
 * (docs/architecture.md).
 */
class OtelAgentCoexistenceIT {

  enum Setup {
    /** Earshot's flag first; the OpenTelemetry agent exports traces, metrics and logs over OTLP, its default. */
    EARSHOT_FIRST_OTEL_OTLP,
    /**
     * The OpenTelemetry agent's flag first, metrics only, on a Prometheus endpoint of its own;
     * Earshot's Prometheus port in its agent arguments, where the other agent does not look. The
     * setup docs/architecture.md recommends: the OpenTelemetry agent told to leave Earshot's class
     * loaders alone ({@code otel.javaagent.exclude-class-loaders=dev.earshot.agent.}).
     */
    OTEL_FIRST_OTEL_PROMETHEUS
  }

  private static final String OTEL_LOADER = "io.opentelemetry.javaagent.bootstrap.AgentClassLoader";
  private static final String MODULE_LOADER = "dev.earshot.agent.core.ModuleClassLoader";
  /** The package of Earshot's class loaders (its agent loader, its module loaders). */
  private static final String EARSHOT_LOADERS = "dev.earshot.agent.";

  private static final Duration ANSWER = Duration.ofSeconds(30);
  private static final String SERVER_WS = "/ws/realtime";
  private static final int HEALTH_CHECKS = 3;
  private static final int OTEL_SCRAPES = 3;

  @ParameterizedTest(name = "{0}")
  @EnumSource(Setup.class)
  void bothAgentsInstrumentTheSampleAssistantAndEarshotCountsExactly(Setup setup) throws Exception {
    int otelPrometheusPort = AgentProcess.freePort();
    try (Simulator simulator = Simulator.start("coexistence-simulator-" + setup, "--ttft-ms", "50", "--token-delay-ms", "2");
        OtlpHttpReceiver receiver = OtlpHttpReceiver.start();
        AgentProcess app = startWithBothAgents(setup, simulator, receiver, otelPrometheusPort)) {
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

      // The OpenTelemetry agent still instruments and exports: its own server histogram.
      if (setup == Setup.EARSHOT_FIRST_OTEL_OTLP) {
        assertThat(awaitOtelServerCount(receiver, "/health", HEALTH_CHECKS)).isEqualTo(HEALTH_CHECKS);
        assertThat(receiver.spans()).anySatisfy(span -> assertThat(span.getName()).isEqualTo("GET /health"));
      } else {
        PrometheusText otel = null;
        for (int i = 0; i < OTEL_SCRAPES; i++) {
          HttpResponse<String> scrape = Http.get("http://127.0.0.1:" + otelPrometheusPort + "/metrics");
          assertThat(scrape.statusCode()).isEqualTo(200);
          otel = PrometheusText.parse(scrape.body());
        }
        assertThat(otel.sum("http_server_request_duration_seconds_count", "http_route", "/health")).isEqualTo(HEALTH_CHECKS);
        assertThat(otel.series("target_info").get(0).label("telemetry_distro_name")).isEqualTo("opentelemetry-java-instrumentation");
        // Its scrapes are not the application's requests: Earshot's routes are still exactly the above.
        assertThat(httpCountsByRoute(app.scrape())).doesNotContainKey("/metrics").containsEntry("/health", (long) HEALTH_CHECKS);
        // Told to, it transforms the application's classes and none of Earshot's loaders.
        assertThat(app.output()).containsPattern("Transformed \\S+ -- jdk\\.internal\\.loader\\.ClassLoaders\\$AppClassLoader@")
            .doesNotContainPattern("Transformed \\S+ -- " + EARSHOT_LOADERS.replace(".", "\\."));
      }
      // Nothing of the other agent is instrumented: no Earshot module loader has one of its loaders
      // as parent (its OTLP exporter's OkHttp included), while the application's have them.
      JvmDiagnostics.LoaderStats loaders = new JvmDiagnostics(app.process().pid()).loaderStats();
      assertThat(loaders.loaders(OTEL_LOADER)).isEqualTo(1);
      assertThat(loaders.loadersUnder(OTEL_LOADER, MODULE_LOADER)).isZero();
      assertThat(loaders.loadersUnder("jdk.internal.loader.ClassLoaders$AppClassLoader", MODULE_LOADER)).isPositive();

      String output = app.output();
      assertThat(output).doesNotContain("VerifyError").doesNotContain("LinkageError").doesNotContain("ClassCircularityError")
          .doesNotContain("NoClassDefFoundError").doesNotContain("[earshot] WARN").doesNotContain("[earshot] ERROR");
      assertThat(output).contains("opentelemetry-javaagent - version: 2.31.1").contains("[earshot] INFO Earshot ");
      assertThat(app.isAlive()).isTrue();
    }
  }

  private static AgentProcess startWithBothAgents(Setup setup, Simulator simulator, OtlpHttpReceiver receiver, int otelPrometheusPort) {
    Path otelConfig = otelConfiguration(setup, receiver, otelPrometheusPort);
    AgentProcess.Builder builder = AgentProcess.builder("sample-assistant").name("coexistence-" + setup)
        .jar(Simulator.sampleJar().toString()).args("--port", "0", "--host", "127.0.0.1")
        .env("OPENAI_BASE_URL", simulator.baseUrl()).env("OPENAI_API_KEY", "sk-coexistence-it");
    String[] otel = {"-javaagent:" + otelAgentJar(), "-Dotel.javaagent.configuration-file=" + otelConfig};
    return setup == Setup.EARSHOT_FIRST_OTEL_OTLP
        ? builder.jvm(otel).start()
        : builder.jvmBeforeAgent(otel).exporterInAgentArguments().start();
  }

  /** The OpenTelemetry agent's own settings: OTLP/HTTP into the receiver every second, or Prometheus on its own port. */
  private static Path otelConfiguration(Setup setup, OtlpHttpReceiver receiver, int prometheusPort) {
    List<String> settings = new ArrayList<>(List.of("otel.service.name=coexistence"));
    if (setup == Setup.EARSHOT_FIRST_OTEL_OTLP) {
      settings.addAll(List.of("otel.exporter.otlp.protocol=http/protobuf", "otel.exporter.otlp.endpoint=" + receiver.endpoint(),
          "otel.metric.export.interval=1000", "otel.bsp.schedule.delay=200", "otel.blrp.schedule.delay=200"));
    } else {
      settings.addAll(List.of("otel.traces.exporter=none", "otel.logs.exporter=none", "otel.metrics.exporter=prometheus",
          "otel.exporter.prometheus.host=127.0.0.1", "otel.exporter.prometheus.port=" + prometheusPort,
          "otel.javaagent.exclude-class-loaders=" + EARSHOT_LOADERS,
          // Its debug log names every class it transforms, with the class's loader.
          "otel.javaagent.debug=true"));
    }
    try {
      Path file = Files.createDirectories(Paths.get("target", "it-logs")).resolve("otel-agent-" + setup + ".properties")
          .toAbsolutePath();
      Files.writeString(file, String.join("\n", settings) + "\n");
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
