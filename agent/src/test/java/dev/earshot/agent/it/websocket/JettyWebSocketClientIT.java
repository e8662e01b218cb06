package dev.earshot.agent.it.websocket;

import static org.assertj.core.api.Assertions.assertThat;

import dev.earshot.agent.it.support.AgentProcess;
import dev.earshot.agent.it.support.PrometheusText;
import dev.earshot.testapps.websocket.JettyWebSocketServerApp;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.websocket.server.WebSocketUpgradeHandler;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;

/**
 * Jetty 12's {@code WebSocketClient} under the agent, against an uninstrumented Jetty WebSocket
 * server in this JVM: client-side counts, the Realtime conversation seen from the client, a close
 * this side starts (1000, local) and a connection the server drops (1006, remote).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(40)
class JettyWebSocketClientIT {

  private Server server;
  private AgentProcess app;

  @BeforeAll
  void start() throws Exception {
    server = new Server();
    ServerConnector connector = new ServerConnector(server);
    connector.setHost("127.0.0.1");
    connector.setPort(0);
    server.addConnector(connector);
    server.setHandler(WebSocketUpgradeHandler.from(server,
        container -> container.addMapping("/*", (request, response, callback) -> new JettyWebSocketServerApp.JettyApiEndpoint())));
    server.start();
    app = AgentProcess.builder("dev.earshot.testapps.websocket.JettyWebSocketClientApp").name("JettyWebSocketClientIT")
        .args("ws://127.0.0.1:" + connector.getLocalPort()).start();
  }

  @AfterAll
  void stop() throws Exception {
    if (app != null) {
      app.close();
    }
    if (server != null) {
      server.stop();
    }
  }

  @Test
  void clientConnectionsAreMeasured() {
    app.awaitOutput("DONE", Duration.ofSeconds(30));
    PrometheusText text = app.scrapeUntil(t -> new WsMetrics(t, "client", "127.0.0.1").allCloses() == 2, Duration.ofSeconds(10));
    WsMetrics m = new WsMetrics(text, "client", "127.0.0.1");

    long sentTexts = 1 + 1 + RealtimeScript.STEPS.size() + 1;
    long sentBytes = 5 + 3 + 5 + 9; // "hello", 3 binary bytes, "bin:4", "abort:300"
    long receivedBytes = 4;
    for (RealtimeScript.Step step : RealtimeScript.STEPS) {
      sentBytes += utf8(step.fromPeer() ? step.json() : "say:" + step.json());
      receivedBytes += step.fromPeer() ? 0 : utf8(step.json());
    }
    assertThat(m.sent("text")).isEqualTo(sentTexts);
    assertThat(m.sent("binary")).isEqualTo(1);
    assertThat(m.sum(WsMetrics.PAYLOAD_SENT)).isEqualTo(sentBytes);
    assertThat(m.sum(WsMetrics.SEND_COUNT)).isEqualTo(sentTexts + 1);
    assertThat(m.sendErrors()).isZero();
    assertThat(m.received("text")).isEqualTo(RealtimeScript.appFrames());
    assertThat(m.received("binary")).isEqualTo(1);
    assertThat(m.sum(WsMetrics.PAYLOAD_RECEIVED)).isEqualTo(receivedBytes);

    assertThat(m.turns("user")).isEqualTo(RealtimeScript.USER_TURNS);
    assertThat(m.turns("assistant")).isEqualTo(RealtimeScript.ASSISTANT_TURNS);
    assertThat(m.sum(WsMetrics.INTERRUPTIONS)).isEqualTo(RealtimeScript.INTERRUPTIONS);
    assertThat(m.responses("completed")).isEqualTo(1);
    assertThat(m.responses("cancelled")).isEqualTo(1);

    assertThat(m.closes(1000, "local")).isEqualTo(1);
    assertThat(m.closes(1006, "remote")).isEqualTo(1);
    assertThat(m.active()).isZero();
    assertThat(m.sum(WsMetrics.DURATION_COUNT)).isEqualTo(2);
    assertThat(WsMetrics.agentErrors(text, "jetty-websocket")).isZero();
  }

  private static int utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8).length;
  }
}
