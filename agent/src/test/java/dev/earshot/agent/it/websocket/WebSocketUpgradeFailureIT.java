package dev.earshot.agent.it.websocket;

import static org.assertj.core.api.Assertions.assertThat;

import dev.earshot.agent.it.support.AgentProcess;
import dev.earshot.agent.it.support.PrometheusText;
import dev.earshot.testapps.http.TestServlets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Reading an upgrade's route fails inside the agent (a framework's route attribute whose
 * {@code toString()} throws): the connection is unharmed and still measured, under its normalised
 * path; the failure is counted per upgrade and logged once. The application upgrades by itself
 * through {@code ServerContainer.upgradeHttpToWebSocket}, as frameworks do.
 */
class WebSocketUpgradeFailureIT {

  private static final String ENDPOINT = "/app/upgrade/{id}";

  @ParameterizedTest(name = "{0}")
  @CsvSource({
    "tomcat, tomcat-websocket, UpgradeUtil.doUpgrade",
    "jetty-ee10, jetty-websocket, AbstractHandshaker.newWebSocketCoreSession",
    "jetty-ee11, jetty-websocket, AbstractHandshaker.newWebSocketCoreSession"
  })
  @Timeout(60)
  void aRouteThatCannotBeReadCostsItsNameNeverTheConnection(String container, String instrumentation, String site) {
    try (AgentProcess app = AgentProcess.builder("dev.earshot.testapps.websocket.routes.JakartaVoiceApp")
        .name("WebSocketUpgradeFailureIT-" + container).args(container).start()) {
      WsServerChecks checks = new WsServerChecks(app, Integer.parseInt(app.awaitOutput("READY port=(\\d+)", Duration.ofSeconds(60)).group(1)));
      PrometheusText before = app.scrape();

      for (String path : List.of("/app/upgrade/42?poison", "/app/upgrade/43?poison", "/app/upgrade/44")) {
        WsPeer peer = WsPeer.connect(checks.uri(path));
        peer.text("say:hi");
        assertThat(peer.next()).isEqualTo("hi");
        assertThat(peer.close(1000)).isEqualTo(1000);
      }

      WsMetrics m = checks.awaitServer(before, ENDPOINT, x -> x.allCloses() == 3 && x.active() == 0);
      assertThat(m.closes(1000, "remote")).isEqualTo(3);
      assertThat(m.received("text")).isEqualTo(3);
      assertThat(m.sent("text")).isEqualTo(3);
      PrometheusText after = app.scrape();
      assertThat(WsMetrics.agentErrors(after, instrumentation)).isEqualTo(2);
      List<String> warnings = Arrays.stream(app.output().split("\n"))
          .filter(line -> line.startsWith("[earshot] WARN suppressed") && line.contains(" in " + instrumentation + " ")).toList();
      assertThat(warnings).as("logged once per site, however often it fails").hasSize(1);
      assertThat(warnings.get(0))
          .startsWith("[earshot] WARN suppressed java.lang.IllegalStateException at " + TestServlets.Poison.class.getName() + ".toString")
          .contains(" in " + instrumentation + " at " + site)
          .doesNotContain("poisoned toString");
    }
  }
}
