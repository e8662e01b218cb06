package dev.earshot.agent.it.websocket;

import static org.assertj.core.api.Assertions.assertThat;

import dev.earshot.agent.it.support.AgentProcess;
import dev.earshot.agent.it.support.PrometheusText;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;

/**
 * Javalin 7's {@code ws(...)} (Jetty 12 underneath) under the agent. The endpoint is the route as
 * Javalin declared it, {@code /ws/sessions/{id}}, whatever the id looks like.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Timeout(30)
class JavalinWebSocketIT {

  private static final String SESSIONS = "/ws/sessions/{id}";

  private AgentProcess app;
  private WsServerChecks checks;

  @BeforeAll
  void start() {
    app = AgentProcess.builder("dev.earshot.testapps.websocket.JavalinWebSocketApp").name("JavalinWebSocketIT").start();
    int port = Integer.parseInt(app.awaitOutput("READY port=(\\d+)", Duration.ofSeconds(60)).group(1));
    checks = new WsServerChecks(app, port);
    app.scrape();
  }

  @AfterAll
  void stop() {
    if (app != null) {
      app.close();
    }
  }

  @Test
  @Order(1)
  void messagesPayloadSendsAndPeerClose() {
    checks.messagesPayloadSendsAndPeerClose("/ws/sessions/1001", SESSIONS);
  }

  @Test
  @Order(2)
  void realtimeConversation() {
    checks.realtimeConversation("/ws/sessions/voice", SESSIONS);
  }

  @Test
  @Order(3)
  void peerVanishes() throws Exception {
    checks.peerVanishes("/ws/sessions/dropped", SESSIONS);
  }

  @Test
  @Order(100)
  void appStopClosesOpenConnectionsWith1001() {
    PrometheusText before = app.scrape();
    WsPeer open = WsPeer.connect(checks.uri("/ws/sessions/open"));
    WsPeer stopper = WsPeer.connect(checks.uri("/ws/sessions/stopper"));
    checks.awaitServer(before, SESSIONS, x -> x.active() == 2);
    stopper.text("stop");
    assertThat(open.awaitClose()).isEqualTo(1001);
    WsMetrics m = checks.awaitServer(before, SESSIONS, x -> x.allCloses() == 2);
    assertThat(m.closes(1001, "local")).isEqualTo(2);
    assertThat(m.active()).isZero();
    assertThat(WsMetrics.agentErrors(app.scrape(), "jetty-websocket")).isZero();
  }
}
