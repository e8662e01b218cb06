package dev.earshot.agent.it.websocket;

import static org.assertj.core.api.Assertions.assertThat;

import dev.earshot.agent.it.support.AgentProcess;
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
 * Javalin 7's {@code ws(...)} (Jetty 12 underneath) under the agent. The endpoint is the path
 * template {@code /ws/sessions/{id}} for numeric ids (raw paths are normalised the HTTP way).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Timeout(30)
class JavalinWebSocketIT {

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
    checks.messagesPayloadSendsAndPeerClose("/ws/sessions/1001", "/ws/sessions/{id}");
  }

  @Test
  @Order(2)
  void realtimeConversation() {
    checks.realtimeConversation("/ws/sessions/voice", "/ws/sessions/voice");
  }

  @Test
  @Order(3)
  void peerVanishes() throws Exception {
    checks.peerVanishes("/ws/sessions/dropped", "/ws/sessions/dropped");
  }

  @Test
  @Order(100)
  void appStopClosesOpenConnectionsWith1001() {
    WsPeer open = WsPeer.connect(checks.uri("/ws/sessions/open"));
    WsPeer stopper = WsPeer.connect(checks.uri("/ws/sessions/stopper"));
    checks.awaitServer("/ws/sessions/open", x -> x.active() == 1);
    stopper.text("stop");
    assertThat(open.awaitClose()).isEqualTo(1001);
    WsMetrics m = checks.awaitServer("/ws/sessions/open", x -> x.allCloses() == 1);
    assertThat(m.closes(1001, "local")).isEqualTo(1);
    assertThat(m.active()).isZero();
    assertThat(checks.awaitServer("/ws/sessions/stopper", x -> x.allCloses() == 1).active()).isZero();
    assertThat(WsMetrics.agentErrors(app.scrape(), "jetty-websocket")).isZero();
  }
}
