package dev.earshot.agent.it.websocket;

import static org.assertj.core.api.Assertions.assertThat;

import dev.earshot.agent.it.support.AgentProcess;
import dev.earshot.agent.it.support.PrometheusText;
import java.time.Duration;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;

/** Embedded Jetty 12.1 under the agent: Jetty's own WebSocket API and Jakarta WebSocket (ee10), one JVM. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Timeout(30)
class JettyWebSocketServerIT {

  /** The Jakarta endpoint's {@code @ServerEndpoint("/rooms/{room}")} under its context path. */
  private static final String ROOMS = "/jakarta/rooms/{room}";

  private AgentProcess app;
  private WsServerChecks checks;

  @BeforeAll
  void start() {
    app = AgentProcess.builder("dev.earshot.testapps.websocket.JettyWebSocketServerApp").name("JettyWebSocketServerIT").start();
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
  void jettyApiMessagesPayloadAsyncSendsAndPeerClose() {
    checks.messagesPayloadSendsAndPeerClose("/jetty/counts", "/jetty/counts");
  }

  @Test
  @Order(2)
  void jettyApiFragmentsAndAutoFragmentation() {
    checks.fragmentsCountOnceAndServerCloses("/jetty/fragments", "/jetty/fragments", 4001);
  }

  @Test
  @Order(3)
  void jettyApiRealtimeConversation() {
    checks.realtimeConversation("/jetty/realtime", "/jetty/realtime");
  }

  @Test
  @Order(4)
  void jettyApiPeerVanishes() throws Exception {
    checks.peerVanishes("/jetty/drop", "/jetty/drop");
  }

  @Test
  @Order(5)
  void jettyApiIdleTimeoutClosesWith1001() {
    WsPeer peer = WsPeer.connect(checks.uri("/jetty/idle"));
    assertThat(peer.awaitClose()).isEqualTo(1001);
    WsMetrics m = checks.awaitServer("/jetty/idle", x -> x.allCloses() == 1 && x.active() == 0);
    assertThat(m.closes(1001, "local")).isEqualTo(1);
    assertThat(m.active()).isZero();
  }

  @Test
  @Order(6)
  void jettyApiDisconnectIsALocalDrop() {
    WsPeer peer = WsPeer.connect(checks.uri("/jetty/abort"));
    peer.text("abort");
    // The JDK client reports a connection closed without a close frame as an error, or as 1006.
    try {
      assertThat(peer.awaitClose()).isEqualTo(1006);
    } catch (CompletionException expected) {
      assertThat(expected).hasRootCauseInstanceOf(java.io.IOException.class);
    }
    WsMetrics m = checks.awaitServer("/jetty/abort", x -> x.allCloses() == 1 && x.active() == 0);
    assertThat(m.closes(1006, "local")).isEqualTo(1);
    assertThat(m.active()).isZero();
  }

  @Test
  @Order(10)
  void jakartaMessagesBlockingSendsPartialsAndServerClose() {
    PrometheusText before = app.scrape();
    WsPeer peer = WsPeer.connect(checks.uri("/jakarta/rooms/42"));
    peer.text("say:hi");
    assertThat(peer.next()).isEqualTo("hi");
    peer.text("bin:3");
    assertThat(peer.next()).isEqualTo(3);
    peer.text("partial");
    assertThat(peer.next()).isEqualTo("abcdef");
    peer.binary(2, true);
    peer.text("close:4002");
    assertThat(peer.awaitClose()).isEqualTo(4002);

    WsMetrics m = checks.awaitServer(before, ROOMS, x -> x.allCloses() == 1 && x.active() == 0);
    assertThat(m.received("text")).isEqualTo(4);
    assertThat(m.received("binary")).isEqualTo(1);
    assertThat(m.sum(WsMetrics.PAYLOAD_RECEIVED)).isEqualTo(6 + 5 + 7 + 2 + 10);
    assertThat(m.sent("text")).isEqualTo(2);
    assertThat(m.sent("binary")).isEqualTo(1);
    assertThat(m.sum(WsMetrics.PAYLOAD_SENT)).isEqualTo(2 + 3 + 6);
    assertThat(m.sum(WsMetrics.SEND_COUNT)).isEqualTo(1 + 1 + 3);
    assertThat(m.closes(4002, "local")).isEqualTo(1);
  }

  @Test
  @Order(11)
  void jakartaRealtimeConversation() {
    checks.realtimeConversation("/jakarta/rooms/voice", ROOMS);
  }

  /** Last: stops the server. Open sessions of both APIs are closed with 1001 by this side. */
  @Test
  @Order(100)
  void serverStopClosesOpenConnectionsWith1001() {
    PrometheusText before = app.scrape();
    WsPeer jakarta = WsPeer.connect(checks.uri("/jakarta/rooms/stopping"));
    WsPeer idle = WsPeer.connect(checks.uri("/jetty/stopping"));
    WsPeer stopper = WsPeer.connect(checks.uri("/jetty/stopper"));
    checks.awaitServer("/jetty/stopping", x -> x.active() == 1);
    stopper.text("stop");
    assertThat(idle.awaitClose()).isEqualTo(1001);
    app.awaitOutput("STOPPED", Duration.ofSeconds(15));

    WsMetrics jetty = checks.awaitServer("/jetty/stopping", x -> x.allCloses() == 1);
    assertThat(jetty.closes(1001, "local")).isEqualTo(1);
    assertThat(jetty.active()).isZero();
    assertThat(checks.awaitServer("/jetty/stopper", x -> x.allCloses() == 1).closes(1001, "local")).isEqualTo(1);
    WsMetrics rooms = checks.awaitServer(before, ROOMS, x -> x.allCloses() == 1);
    assertThat(rooms.active()).isZero();
    assertThat(rooms.closes(1001, "local")).isEqualTo(1);
    assertThat(WsMetrics.agentErrors(app.scrape(), "jetty-websocket")).isZero();
  }
}
