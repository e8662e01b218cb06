package dev.earshot.agent.it.websocket;

import static org.assertj.core.api.Assertions.assertThat;

import dev.earshot.agent.it.support.AgentProcess;
import dev.earshot.agent.it.support.PrometheusText;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;

/**
 * Tomcat 11's WebSocket server ({@code tomcat-embed-websocket}) under the built agent, driven from
 * this JVM with the JDK's WebSocket client and a raw socket. One application process serves every
 * test; each test asserts the change of the counters it caused. The server stop comes last.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Timeout(60)
class TomcatWebSocketIT {

  static final String SESSIONS = "/ws/sessions/{id}";
  static final String REALTIME = "/ws/realtime";

  private static AgentProcess app;
  private static int port;

  @BeforeAll
  static void start() {
    app = startApp(true);
    port = Integer.parseInt(app.awaitOutput("READY port=(\\d+)", Duration.ofSeconds(30)).group(1));
  }

  @AfterAll
  static void stop() {
    if (app != null) {
      app.close();
    }
  }

  static AgentProcess startApp(boolean withAgent) {
    AgentProcess.Builder builder = AgentProcess.builder("dev.earshot.testapps.websocket.tomcat.TomcatWebSocketApp")
        .name("TomcatWebSocketIT" + (withAgent ? "" : "-noagent"))
        .args(Paths.get("target", "tomcat-ws-it-" + System.nanoTime()).toAbsolutePath().toString());
    if (!withAgent) {
      builder.withoutAgent();
    }
    return builder.start();
  }

  /**
   * Every kind of send the application can make, and partial messages both ways. Counts and bytes
   * below are exact: see the comments for where each comes from.
   */
  static List<String> script(WsClient client) throws Exception {
    client.ask("echo hello");                 // in 10 B; out "hello" 5 B, blocking
    client.ask("async-handler abc");          // in 17 B; out 3 B, SendHandler
    client.ask("async-future wxyz");          // in 17 B; out 4 B, Future
    client.ask("partial ab,cd,ef");           // in 16 B; out one message in three frames, 6 B, three sends
    client.ask("binary 100");                 // in 10 B; out binary 100 B
    client.ask("async-binary 50");            // in 15 B; out binary 50 B, SendHandler
    client.binary(10);                        // in binary 10 B
    client.next();                            // out "got 10" 6 B
    client.partialText("part1 ", false);      // in one message in two frames, 11 B
    client.partialText("part2", true);
    client.next();                            // out "ok" 2 B
    client.ask("mixed-partial");              // in 13 B; out "first " + "last" 10 B, a refused binary send between
    client.ask("null-handler");               // in 12 B; out "after null handler" 18 B (the refused async send is not timed)
    client.close(1000, "done");
    client.next();                            // the server's answer: close 1000
    return client.transcript();
  }

  static final List<String> SCRIPT_TRANSCRIPT = List.of(
      "text:hello", "text:abc", "text:wxyz", "text:abcdef", "binary:100", "binary:50", "text:got 10", "text:ok",
      "text:first last", "text:after null handler", "close:1000:done");

  @Test
  @Order(1)
  void messagesPayloadAndSendsBothWaysAreCountedExactly() throws Exception {
    PrometheusText before = app.scrape();
    List<String> transcript;
    try (WsClient client = WsClient.connect(port, "/ws/sessions/42")) {
      // Tomcat creates the session once the 101 answer is on its way: wait for it.
      assertThat(gauge(app.scrapeUntil(m -> gauge(m, SESSIONS) == 1, Duration.ofSeconds(5)), SESSIONS)).isEqualTo(1);
      transcript = script(client);
    }
    assertThat(transcript).isEqualTo(SCRIPT_TRANSCRIPT);

    PrometheusText after = app.scrapeUntil(m -> delta(before, m, "websocket_closes_total", SESSIONS) == 1, Duration.ofSeconds(10));
    assertThat(delta(before, after, "websocket_messages_received_total", SESSIONS, "websocket_message_type", "text")).isEqualTo(9);
    assertThat(delta(before, after, "websocket_messages_received_total", SESSIONS, "websocket_message_type", "binary")).isEqualTo(1);
    assertThat(delta(before, after, "websocket_payload_received_bytes_total", SESSIONS)).isEqualTo(131);
    assertThat(delta(before, after, "websocket_messages_sent_total", SESSIONS, "websocket_message_type", "text")).isEqualTo(8);
    assertThat(delta(before, after, "websocket_messages_sent_total", SESSIONS, "websocket_message_type", "binary")).isEqualTo(2);
    assertThat(delta(before, after, "websocket_payload_sent_bytes_total", SESSIONS)).isEqualTo(54 + 150);
    // 4 sendText, 2 async texts, 5 partial texts, 2 binaries (one refused), 1 async binary.
    assertThat(delta(before, after, "websocket_send_duration_seconds_count", SESSIONS)).isEqualTo(14);
    assertThat(delta(before, after, "websocket_send_duration_seconds_count", SESSIONS, "error_type", "java.lang.IllegalStateException"))
        .isEqualTo(1);
    assertThat(delta(before, after, "websocket_closes_total", SESSIONS,
        "websocket_close_code", "1000", "websocket_close_initiator", "remote")).isEqualTo(1);
    assertThat(delta(before, after, "websocket_connection_duration_seconds_count", SESSIONS, "websocket_close_code", "1000"))
        .isEqualTo(1);
    assertThat(gauge(after, SESSIONS)).isZero();
    assertThat(after.sum("earshot_agent_errors_total")).isZero();
  }

  @Test
  @Order(2)
  void serverCloseIsLocal1000() throws Exception {
    PrometheusText before = app.scrape();
    try (WsClient client = WsClient.connect(port, "/ws/sessions/7")) {
      assertThat(client.ask("close")).isEqualTo("close:1000:bye");
    }
    PrometheusText after = app.scrapeUntil(m -> gauge(m, SESSIONS) == 0 && delta(before, m, "websocket_closes_total", SESSIONS) == 1,
        Duration.ofSeconds(10));
    assertThat(delta(before, after, "websocket_closes_total", SESSIONS,
        "websocket_close_code", "1000", "websocket_close_initiator", "local")).isEqualTo(1);
    assertThat(gauge(after, SESSIONS)).isZero();
  }

  @Test
  @Order(3)
  void abruptDisconnectsAre1006() throws Exception {
    PrometheusText before = app.scrape();
    dropAfterOneEcho(false);
    dropAfterOneEcho(true);
    PrometheusText after = app.scrapeUntil(m -> delta(before, m, "websocket_closes_total", SESSIONS) == 2, Duration.ofSeconds(10));
    assertThat(delta(before, after, "websocket_closes_total", SESSIONS,
        "websocket_close_code", "1006", "websocket_close_initiator", "remote")).isEqualTo(2);
    assertThat(delta(before, after, "websocket_messages_received_total", SESSIONS, "websocket_message_type", "text")).isEqualTo(2);
    assertThat(delta(before, after, "websocket_messages_sent_total", SESSIONS, "websocket_message_type", "text")).isEqualTo(2);
    assertThat(gauge(after, SESSIONS)).as(() -> websocketLines(after)).isZero();
  }

  @Test
  @Order(4)
  void realtimeConversationGivesTurnsAndInterruptions() throws Exception {
    PrometheusText before = app.scrape();
    try (WsClient client = WsClient.connect(port, REALTIME)) {
      client.text("hello there");                          // not JSON
      client.text("{\"greeting\":\"hi\",\"type\":42}");    // JSON, not a Realtime event
      client.text("{\"type\":\"client.custom\"}");         // JSON with an unknown type
      client.text("{\"type\":\"input_audio_buffer.append\",\"audio\":\"AAAA\"}");
      client.text("start");
      String last;
      do {
        last = client.next();
      } while (!last.equals("text:end"));
      client.close(1000, "");
      client.next();
    }
    int scripted = 22;
    PrometheusText after = app.scrapeUntil(m -> delta(before, m, "websocket_closes_total", REALTIME) == 1, Duration.ofSeconds(10));
    assertThat(delta(before, after, "websocket_messages_received_total", REALTIME, "websocket_message_type", "text")).isEqualTo(5);
    assertThat(delta(before, after, "websocket_messages_sent_total", REALTIME, "websocket_message_type", "text")).isEqualTo(scripted + 1);
    assertThat(delta(before, after, "conversation_turns_total", REALTIME, "conversation_role", "user")).isEqualTo(3);
    assertThat(delta(before, after, "conversation_turns_total", REALTIME, "conversation_role", "assistant")).isEqualTo(3);
    assertThat(delta(before, after, "conversation_interruptions_total", REALTIME)).isEqualTo(1);
    assertThat(delta(before, after, "conversation_responses_total", REALTIME, "conversation_response_status", "completed")).isEqualTo(2);
    assertThat(delta(before, after, "conversation_responses_total", REALTIME, "conversation_response_status", "cancelled")).isEqualTo(1);
    // Frames on the other endpoint never start a conversation.
    assertThat(after.sum("conversation_turns_total", "websocket_endpoint", SESSIONS)).isZero();
    assertThat(gauge(after, REALTIME)).isZero();
  }

  @Test
  @Order(5)
  void tomcatsOwnClientIsMeasuredAsTheClientSide() throws Exception {
    PrometheusText before = app.scrape();
    try (WsClient client = WsClient.connect(port, "/ws/sessions/3")) {
      assertThat(client.ask("client-call")).isEqualTo("text:ping|got 4|close 1000");
      client.close(1000, "");
      client.next();
    }
    String peer = "127.0.0.1";
    PrometheusText after = app.scrapeUntil(
        m -> sideDelta(before, m, "websocket_closes_total", "client", peer) == 1 && delta(before, m, "websocket_closes_total", SESSIONS) == 2,
        Duration.ofSeconds(10));
    assertThat(sideDelta(before, after, "websocket_messages_sent_total", "client", peer, "websocket_message_type", "text")).isEqualTo(1);
    assertThat(sideDelta(before, after, "websocket_messages_sent_total", "client", peer, "websocket_message_type", "binary")).isEqualTo(1);
    assertThat(sideDelta(before, after, "websocket_payload_sent_bytes_total", "client", peer)).isEqualTo(9 + 4);
    assertThat(sideDelta(before, after, "websocket_messages_received_total", "client", peer, "websocket_message_type", "text")).isEqualTo(2);
    assertThat(sideDelta(before, after, "websocket_payload_received_bytes_total", "client", peer)).isEqualTo(4 + 5);
    assertThat(sideDelta(before, after, "websocket_send_duration_seconds_count", "client", peer)).isEqualTo(2);
    assertThat(sideDelta(before, after, "websocket_closes_total", "client", peer,
        "websocket_close_code", "1000", "websocket_close_initiator", "local")).isEqualTo(1);
    // The server side of the same call: the peer closed.
    assertThat(delta(before, after, "websocket_closes_total", SESSIONS,
        "websocket_close_code", "1000", "websocket_close_initiator", "remote")).isEqualTo(2);
    assertThat(after.sum("websocket_connections_active", "websocket_side", "client")).isZero();
    assertThat(gauge(after, SESSIONS)).isZero();
  }

  @Test
  @Order(6)
  void theApplicationSeesTheSameFramesAndExceptionsWithoutTheAgent() throws Exception {
    List<String> withAgent = runScriptAndAppLines(app, port);
    try (AgentProcess plain = startApp(false)) {
      int plainPort = Integer.parseInt(plain.awaitOutput("READY port=(\\d+)", Duration.ofSeconds(30)).group(1));
      List<String> without = runScriptAndAppLines(plain, plainPort);
      assertThat(withAgent).isEqualTo(without);
    }
    assertThat(withAgent).contains("APP close 1000 done")
        .anyMatch(line -> line.startsWith("APP caught java.lang.IllegalStateException: "))
        .anyMatch(line -> line.startsWith("APP caught java.lang.IllegalArgumentException: "));
  }

  @Test
  @Order(7)
  void serverStopClosesEveryConnectionWith1001() throws Exception {
    PrometheusText before = app.scrape();
    try (WsClient idle = WsClient.connect(port, REALTIME); WsClient client = WsClient.connect(port, "/ws/sessions/9")) {
      PrometheusText open = app.scrapeUntil(m -> gauge(m, SESSIONS) == 1 && gauge(m, REALTIME) == 1, Duration.ofSeconds(5));
      assertThat(gauge(open, SESSIONS)).isEqualTo(1);
      assertThat(gauge(open, REALTIME)).isEqualTo(1);
      assertThat(client.ask("stop-server")).isEqualTo("text:stopping");
      assertThat(client.next()).startsWith("close:1001:");
      assertThat(idle.next()).startsWith("close:1001:");
    }
    app.awaitOutput("APP stopped", Duration.ofSeconds(20));
    PrometheusText after = app.scrapeUntil(m -> gauge(m, SESSIONS) == 0 && gauge(m, REALTIME) == 0, Duration.ofSeconds(10));
    for (String endpoint : List.of(SESSIONS, REALTIME)) {
      assertThat(delta(before, after, "websocket_closes_total", endpoint,
          "websocket_close_code", "1001", "websocket_close_initiator", "local")).as(endpoint).isEqualTo(1);
      assertThat(gauge(after, endpoint)).as(endpoint).isZero();
    }
    assertThat(after.sum("earshot_agent_errors_total")).isZero();
  }

  // ----- helpers

  private static List<String> runScriptAndAppLines(AgentProcess process, int appPort) throws Exception {
    int from = process.output().length();
    List<String> lines = new ArrayList<>();
    try (WsClient client = WsClient.connect(appPort, "/ws/sessions/5")) {
      lines.addAll(script(client));
    }
    // This run's own close line (an earlier run's would satisfy a search of the whole output).
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (!process.output().substring(from).contains("APP close 1000 done") && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    for (String line : process.output().substring(from).split("\n")) {
      if (line.startsWith("APP ")) {
        lines.add(line.strip());
      }
    }
    return lines;
  }

  /** Upgrades by hand, gets one echo, then drops the TCP connection (FIN, or RST with {@code reset}). */
  private static void dropAfterOneEcho(boolean reset) throws Exception {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", port), 5000);
      socket.setSoTimeout(5000);
      OutputStream out = socket.getOutputStream();
      InputStream in = socket.getInputStream();
      out.write(("GET /ws/sessions/13 HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
          + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
      out.flush();
      StringBuilder head = new StringBuilder();
      while (!head.toString().endsWith("\r\n\r\n")) {
        int b = in.read();
        assertThat(b).as("handshake answer so far: " + head).isNotNegative();
        head.append((char) b);
      }
      assertThat(head.toString()).startsWith("HTTP/1.1 101");
      byte[] payload = "echo x".getBytes(StandardCharsets.US_ASCII);
      byte[] frame = new byte[2 + 4 + payload.length];
      frame[0] = (byte) 0x81;
      frame[1] = (byte) (0x80 | payload.length);
      // Mask key 0: the masked payload is the payload.
      System.arraycopy(payload, 0, frame, 6, payload.length);
      out.write(frame);
      out.flush();
      assertThat(in.read()).isEqualTo(0x81);
      assertThat(in.read()).isEqualTo(1);
      assertThat(in.read()).isEqualTo('x');
      if (reset) {
        socket.setSoLinger(true, 0);
      }
    }
  }

  static String websocketLines(PrometheusText metrics) {
    StringBuilder lines = new StringBuilder();
    for (String line : metrics.raw().split("\n")) {
      if (line.startsWith("websocket_connections_active") || line.startsWith("websocket_closes")) {
        lines.append(line).append('\n');
      }
    }
    return lines.toString();
  }

  static double gauge(PrometheusText metrics, String endpoint) {
    return metrics.sum("websocket_connections_active", "websocket_side", "server", "websocket_endpoint", endpoint);
  }

  static double delta(PrometheusText before, PrometheusText after, String name, String endpoint, String... labels) {
    return sideDelta(before, after, name, "server", endpoint, labels);
  }

  static double sideDelta(PrometheusText before, PrometheusText after, String name, String side, String endpoint, String... labels) {
    String[] keyValues = new String[labels.length + 4];
    keyValues[0] = "websocket_side";
    keyValues[1] = side;
    keyValues[2] = "websocket_endpoint";
    keyValues[3] = endpoint;
    System.arraycopy(labels, 0, keyValues, 4, labels.length);
    return after.sum(name, keyValues) - before.sum(name, keyValues);
  }

}
