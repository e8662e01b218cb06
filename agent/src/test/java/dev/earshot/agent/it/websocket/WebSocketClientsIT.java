package dev.earshot.agent.it.websocket;

import static dev.earshot.testapps.websocket.clients.ClientScript.*;
import static org.assertj.core.api.Assertions.assertThat;

import dev.earshot.agent.it.support.AgentProcess;
import dev.earshot.agent.it.support.PrometheusText;
import dev.earshot.testapps.websocket.clients.JdkWebSocketClientApp;
import dev.earshot.testapps.websocket.clients.OkHttpWebSocketClientApp;
import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * WebSocket clients under the agent: the JDK's {@code java.net.http.WebSocket} and OkHttp 4 and 5,
 * each in its own JVM, against {@link ScriptedWebSocketServer} on loopback. One run per client
 * plays every scenario of {@link dev.earshot.testapps.websocket.clients.ClientScript}; each
 * scenario has its own endpoint (loopback address), so every count is exact. The same application
 * then runs without the agent: its transcript of listener events must be identical.
 */
class WebSocketClientsIT {

  private static final String CLIENT = "client";

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"jdk", "okhttp-4.12.0", "okhttp-5.4.0"})
  @Timeout(120)
  void everyScenarioIsMeasuredExactlyAndTheApplicationSeesNoDifference(String client) throws Exception {
    List<String> withAgent;
    try (ScriptedWebSocketServer server = new ScriptedWebSocketServer();
        AgentProcess app = start(client, server, true)) {
      app.awaitOutput("^READY", Duration.ofSeconds(60));
      app.scrape();
      go(app);
      app.awaitOutput("^basic open", Duration.ofSeconds(20));
      PrometheusText open = app.scrape();
      assertThat(open.value("websocket_connections_active", endpoint(BASIC_HOST))).isEqualTo(1);
      server.releaseBasic();
      app.awaitOutput("^DONE", Duration.ofSeconds(60));

      PrometheusText m = app.scrapeUntil(p -> p.sum("websocket_closes_total") >= 5
          && p.sum("gen_ai_client_token_usage_count") >= 4, Duration.ofSeconds(15));
      assertBasic(client, m, server.received("/basic"));
      assertCloses(m);
      assertRealtime(server, m);
      assertThat(m.sum("earshot_agent_errors_total")).isZero();
      withAgent = transcript(app.output());
    }

    try (ScriptedWebSocketServer server = new ScriptedWebSocketServer();
        AgentProcess app = start(client, server, false)) {
      app.awaitOutput("^READY", Duration.ofSeconds(60));
      go(app);
      app.awaitOutput("^basic open", Duration.ofSeconds(20));
      server.releaseBasic();
      app.awaitOutput("^DONE", Duration.ofSeconds(60));
      assertThat(withAgent).isEqualTo(transcript(app.output()));
    }
  }

  private static void assertBasic(String client, PrometheusText m, ScriptedWebSocketServer.Received server) {
    String[] basic = endpoint(BASIC_HOST);
    // What the server got: the client's messages whole, then its close.
    assertThat(server.count('T')).isEqualTo(CLIENT_TEXTS);
    assertThat(server.count('B')).isEqualTo(CLIENT_BINARIES);
    assertThat(server.closeCode).isEqualTo(1000);

    assertThat(m.value("websocket_messages_sent_total", with(basic, "websocket_message_type", "text"))).isEqualTo(CLIENT_TEXTS);
    assertThat(m.value("websocket_messages_sent_total", with(basic, "websocket_message_type", "binary"))).isEqualTo(CLIENT_BINARIES);
    assertThat(m.value("websocket_messages_received_total", with(basic, "websocket_message_type", "text"))).isEqualTo(SERVER_TEXTS);
    assertThat(m.value("websocket_messages_received_total", with(basic, "websocket_message_type", "binary"))).isEqualTo(SERVER_BINARIES);
    // Payload as on the wire: what the server read; OkHttp compressed its two large messages
    // (permessage-deflate), the JDK sends without extensions.
    assertThat(m.value("websocket_payload_sent_bytes_total", basic)).isEqualTo(server.wirePayloadBytes);
    if (client.equals("jdk")) {
      assertThat(server.wirePayloadBytes).isEqualTo(clientPayloadBytes());
    } else {
      assertThat(server.wirePayloadBytes).isLessThan(clientPayloadBytes() - LONG_TEXT_LENGTH);
    }
    assertThat(m.value("websocket_payload_received_bytes_total", basic)).isEqualTo(serverPayloadBytes());
    // Every application send is timed: the JDK's two-part text is two sends.
    int sends = client.equals("jdk") ? CLIENT_TEXTS + CLIENT_BINARIES + 1 : CLIENT_TEXTS + CLIENT_BINARIES;
    assertThat(m.value("websocket_send_duration_seconds_count", basic)).isEqualTo(sends);
    assertThat(m.series("websocket_send_duration_seconds_count", basic)).allMatch(s -> s.label("error_type") == null);
    assertThat(m.value("websocket_closes_total", with(basic, "websocket_close_code", "1000", "websocket_close_initiator", "local"))).isEqualTo(1);
    assertThat(m.sum("websocket_closes_total", basic)).isEqualTo(1);
    assertThat(m.value("websocket_connection_duration_seconds_count", with(basic, "websocket_close_code", "1000"))).isEqualTo(1);
    assertThat(m.value("websocket_connections_active", basic)).isZero();
    // Non-JSON and other protocols' JSON are messages only.
    for (String name : m.names()) {
      if (name.startsWith("conversation_")) {
        assertThat(m.series(name, basic)).as(name).isEmpty();
      }
    }
  }

  private static void assertCloses(PrometheusText m) {
    String[] closes = endpoint(CLOSES_HOST);
    assertThat(m.series("websocket_closes_total", closes)).as("closes").hasSize(3);
    assertThat(m.value("websocket_closes_total", with(closes, "websocket_close_code", "4001", "websocket_close_initiator", "remote")))
        .isEqualTo(1);
    assertThat(m.value("websocket_closes_total", with(closes, "websocket_close_code", "1006", "websocket_close_initiator", "remote")))
        .isEqualTo(1);
    assertThat(m.value("websocket_closes_total", with(closes, "websocket_close_code", "1006", "websocket_close_initiator", "local")))
        .isEqualTo(1);
    assertThat(m.sum("websocket_closes_total", closes)).isEqualTo(3);
    assertThat(m.value("websocket_messages_received_total", with(closes, "websocket_message_type", "text"))).isEqualTo(3);
    assertThat(m.value("websocket_connections_active", closes)).isZero();
  }

  private static void assertRealtime(ScriptedWebSocketServer server, PrometheusText m) throws InterruptedException {
    String[] realtime = endpoint(REALTIME_HOST);
    assertThat(m.value("websocket_messages_sent_total", with(realtime, "websocket_message_type", "text"))).isEqualTo(REALTIME_CLIENT_MESSAGES);
    assertThat(m.value("websocket_messages_received_total", with(realtime, "websocket_message_type", "text"))).isEqualTo(REALTIME_SERVER_MESSAGES);
    assertThat(m.value("conversation_turns_total", with(realtime, "conversation_role", "user"))).isEqualTo(1);
    assertThat(m.value("conversation_turns_total", with(realtime, "conversation_role", "assistant"))).isEqualTo(2);
    assertThat(m.value("conversation_interruptions_total", realtime)).isEqualTo(1);
    assertThat(m.value("conversation_responses_total", with(realtime, "conversation_response_status", "completed"))).isEqualTo(1);
    assertThat(m.value("conversation_responses_total", with(realtime, "conversation_response_status", "cancelled"))).isEqualTo(1);
    assertThat(m.value("conversation_response_latency_seconds_count", realtime)).isEqualTo(1);
    assertThat(m.value("conversation_barge_in_latency_seconds_count", realtime)).isEqualTo(1);
    String[] usage = {"gen_ai_operation_name", "realtime", "server_address", REALTIME_HOST,
        "server_port", Integer.toString(server.port(REALTIME_HOST)), "gen_ai_request_model", "gpt-realtime"};
    assertThat(m.value("gen_ai_client_token_usage_sum", with(usage, "gen_ai_token_type", "input"))).isEqualTo(130);
    assertThat(m.value("gen_ai_client_token_usage_sum", with(usage, "gen_ai_token_type", "output"))).isEqualTo(50);
    assertThat(m.value("gen_ai_client_token_usage_count", with(usage, "gen_ai_token_type", "input"))).isEqualTo(2);
    assertThat(m.value("websocket_closes_total", with(realtime, "websocket_close_code", "1000", "websocket_close_initiator", "local")))
        .isEqualTo(1);
  }

  private static AgentProcess start(String client, ScriptedWebSocketServer server, boolean withAgent) throws Exception {
    boolean jdk = client.equals("jdk");
    AgentProcess.Builder builder = AgentProcess.builder(jdk ? JdkWebSocketClientApp.class.getName() : OkHttpWebSocketClientApp.class.getName())
        .name("WebSocketClientsIT-" + client + (withAgent ? "" : "-without-agent"))
        .args(Integer.toString(server.port(BASIC_HOST)), Integer.toString(server.port(REALTIME_HOST)), Integer.toString(server.port(CLOSES_HOST)));
    if (!jdk) {
      builder.classPath(classPathWithOkHttp(client.substring("okhttp-".length())));
    }
    if (!withAgent) {
      builder.withoutAgent();
    }
    return builder.start();
  }

  private static void go(AgentProcess app) throws IOException {
    OutputStream stdin = app.process().getOutputStream();
    stdin.write("go\n".getBytes(StandardCharsets.US_ASCII));
    stdin.flush();
  }

  /**
   * The application's own lines (not the agent's, nor the JVM's warning about the agent's bootstrap
   * jar), sorted: threads may interleave two lines of one scenario.
   */
  private static List<String> transcript(String output) {
    return Arrays.stream(output.split("\n")).filter(line -> !line.contains("[earshot]") && !line.contains("VM warning"))
        .sorted().collect(Collectors.toList());
  }

  private static String[] endpoint(String host) {
    return new String[] {"websocket_side", CLIENT, "websocket_endpoint", host};
  }

  private static String[] with(String[] base, String... more) {
    String[] all = Arrays.copyOf(base, base.length + more.length);
    System.arraycopy(more, 0, all, base.length, more.length);
    return all;
  }

  /** The default class path (OkHttp 4.12) or, for 5.x, with okhttp-jvm from the okhttp5-libraries copy instead (as RawOkHttpIT). */
  private static String classPathWithOkHttp(String version) throws IOException {
    String classPath = AgentProcess.defaultClassPath();
    if (version.equals("4.12.0")) {
      return classPath;
    }
    Path libs = Paths.get(System.getProperty("earshot.it.okhttp5.libs", "target/okhttp5-libs"));
    String okhttp5;
    try (var files = Files.list(libs)) {
      okhttp5 = files.map(Path::toString).filter(name -> name.contains("okhttp-jvm-" + version)).findFirst()
          .orElseThrow(() -> new AssertionError("okhttp-jvm " + version + " not in " + libs));
    }
    return Arrays.stream(classPath.split(File.pathSeparator))
        .map(entry -> entry.matches(".*/okhttp-4[^/]*\\.jar") ? okhttp5 : entry)
        .collect(Collectors.joining(File.pathSeparator));
  }
}
