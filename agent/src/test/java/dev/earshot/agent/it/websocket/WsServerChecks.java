package dev.earshot.agent.it.websocket;

import static org.assertj.core.api.Assertions.assertThat;

import dev.earshot.agent.it.support.AgentProcess;
import dev.earshot.agent.it.support.PrometheusText;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.function.Predicate;

/**
 * Scenarios any server driven by {@code WsCommands} goes through, each measuring the change it
 * caused on its endpoint's series (exact counts, also where several scenarios share one route
 * template): the test's peer is the JDK's WebSocket client. Scenarios run one at a time.
 */
final class WsServerChecks {

  private final AgentProcess app;
  private final int port;

  WsServerChecks(AgentProcess app, int port) {
    this.app = app;
    this.port = port;
  }

  PrometheusText scrape() {
    return app.scrape();
  }

  String uri(String path) {
    return "ws://127.0.0.1:" + port + path;
  }

  /** Waits for {@code condition} on the endpoint's absolute values. */
  WsMetrics awaitServer(String endpoint, Predicate<WsMetrics> condition) {
    return awaitServer(null, endpoint, condition);
  }

  /** Waits for {@code condition} on the endpoint's changes since {@code baseline} (null: absolute values). */
  WsMetrics awaitServer(PrometheusText baseline, String endpoint, Predicate<WsMetrics> condition) {
    PrometheusText text = app.scrapeUntil(t -> condition.test(new WsMetrics(t, baseline, "server", endpoint)), Duration.ofSeconds(10));
    WsMetrics metrics = new WsMetrics(text, baseline, "server", endpoint);
    if (!condition.test(metrics)) {
      // Evidence for the report: what the endpoint did record.
      text.raw().lines().filter(line -> line.contains("endpoint=\"" + endpoint + "\"") || line.contains("errors")).forEach(System.err::println);
    }
    return metrics;
  }

  static int utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8).length;
  }

  /** Text and binary both ways, a peer-initiated 1000 close; the gauge is 1 while open, 0 after. */
  void messagesPayloadSendsAndPeerClose(String path, String endpoint) {
    PrometheusText before = app.scrape();
    WsPeer peer = WsPeer.connect(uri(path));
    peer.text("hello").binary(3, true);
    peer.text("say:abc");
    assertThat(peer.next()).isEqualTo("abc");
    peer.text("bin:4");
    assertThat(peer.next()).isEqualTo(4);
    peer.text("say:dé");
    assertThat(peer.next()).isEqualTo("dé");

    WsMetrics open = awaitServer(before, endpoint, m -> m.received("text") == 4 && m.sum(WsMetrics.SEND_COUNT) == 3);
    assertThat(open.active()).isEqualTo(1);
    assertThat(open.allCloses()).isZero();

    assertThat(peer.close(1000)).isEqualTo(1000);
    WsMetrics m = awaitServer(before, endpoint, x -> x.allCloses() == 1 && x.active() == 0);
    assertThat(m.active()).isZero();
    assertThat(m.received("text")).isEqualTo(4);
    assertThat(m.received("binary")).isEqualTo(1);
    assertThat(m.sum(WsMetrics.PAYLOAD_RECEIVED)).isEqualTo(5 + 3 + 7 + 5 + utf8("say:dé"));
    assertThat(m.sent("text")).isEqualTo(2);
    assertThat(m.sent("binary")).isEqualTo(1);
    assertThat(m.sum(WsMetrics.PAYLOAD_SENT)).isEqualTo(3 + 4 + utf8("dé"));
    assertThat(m.sum(WsMetrics.SEND_COUNT)).isEqualTo(3);
    assertThat(m.sendErrors()).isZero();
    assertThat(m.closes(1000, "remote")).isEqualTo(1);
    assertThat(m.sum(WsMetrics.DURATION_COUNT)).isEqualTo(1);
  }

  /**
   * Fragmented messages count once each, both ways: the peer's, the application's own partial
   * sends ({@code partial}: three frames) and, where the server limits its frame size, a long
   * message Jetty fragments itself ({@code big:3000}). The server closes with an application code.
   */
  void fragmentsCountOnceAndServerCloses(String path, String endpoint, int closeCode) {
    PrometheusText before = app.scrape();
    WsPeer peer = WsPeer.connect(uri(path));
    peer.text("he", false).text("llo", true);
    peer.binary(2, false).binary(3, true);
    peer.text("partial");
    assertThat(peer.next()).isEqualTo("abcdef");
    peer.text("big:3000");
    assertThat(peer.next()).isEqualTo("x".repeat(3000));
    peer.text("close:" + closeCode);
    assertThat(peer.awaitClose()).isEqualTo(closeCode);

    WsMetrics m = awaitServer(before, endpoint, x -> x.allCloses() == 1 && x.active() == 0);
    assertThat(m.received("text")).isEqualTo(4);
    assertThat(m.received("binary")).isEqualTo(1);
    assertThat(m.sum(WsMetrics.PAYLOAD_RECEIVED)).isEqualTo(5 + 5 + 7 + 8 + utf8("close:" + closeCode));
    assertThat(m.sent("text")).isEqualTo(2);
    assertThat(m.sent("binary")).isZero();
    assertThat(m.sum(WsMetrics.PAYLOAD_SENT)).isEqualTo(6 + 3000);
    assertThat(m.sum(WsMetrics.SEND_COUNT)).isEqualTo(3 + 1); // one per application send (each partial frame is one)
    assertThat(m.closes(closeCode, "local")).isEqualTo(1);
    assertThat(m.active()).isZero();
  }

  /** The scripted Realtime conversation: the peer's events are received, the application's sent on command. */
  WsMetrics realtimeConversation(String path, String endpoint) {
    PrometheusText before = app.scrape();
    WsPeer peer = WsPeer.connect(uri(path));
    long receivedBytes = 0;
    long sentBytes = 0;
    for (RealtimeScript.Step step : RealtimeScript.STEPS) {
      if (step.fromPeer()) {
        peer.text(step.json());
        receivedBytes += utf8(step.json());
      } else {
        peer.text("say:" + step.json());
        assertThat(peer.next()).isEqualTo(step.json());
        receivedBytes += utf8("say:" + step.json());
        sentBytes += utf8(step.json());
      }
    }
    assertThat(peer.close(1000)).isEqualTo(1000);

    WsMetrics m = awaitServer(before, endpoint, x -> x.allCloses() == 1 && x.responses("cancelled") == 1);
    assertThat(m.received("text")).isEqualTo(RealtimeScript.STEPS.size());
    assertThat(m.sent("text")).isEqualTo(RealtimeScript.appFrames());
    assertThat(m.sum(WsMetrics.PAYLOAD_RECEIVED)).isEqualTo(receivedBytes);
    assertThat(m.sum(WsMetrics.PAYLOAD_SENT)).isEqualTo(sentBytes);
    assertThat(m.turns("user")).isEqualTo(RealtimeScript.USER_TURNS);
    assertThat(m.turns("assistant")).isEqualTo(RealtimeScript.ASSISTANT_TURNS);
    assertThat(m.sum(WsMetrics.INTERRUPTIONS)).isEqualTo(RealtimeScript.INTERRUPTIONS);
    assertThat(m.responses("completed")).isEqualTo(1);
    assertThat(m.responses("cancelled")).isEqualTo(1);
    assertThat(m.closes(1000, "remote")).isEqualTo(1);
    assertThat(m.active()).isZero();
    return m;
  }

  /** The peer's TCP connection is reset after the handshake: 1006, dropped by the remote side. */
  void peerVanishes(String path, String endpoint) throws Exception {
    PrometheusText before = app.scrape();
    WsPeer.handshakeThenReset(port, path);
    WsMetrics m = awaitServer(before, endpoint, x -> x.allCloses() == 1 && x.active() == 0);
    assertThat(m.closes(1006, "remote")).isEqualTo(1);
    assertThat(m.active()).isZero();
    assertThat(m.sum(WsMetrics.DURATION_COUNT, "websocket_close_code", "1006")).isEqualTo(1);
  }
}
