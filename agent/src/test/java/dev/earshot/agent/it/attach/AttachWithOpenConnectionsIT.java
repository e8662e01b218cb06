package dev.earshot.agent.it.attach;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.tools.attach.VirtualMachine;
import dev.earshot.agent.it.support.AgentProcess;
import dev.earshot.agent.it.support.PrometheusText;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * agentmain with a WebSocket connection already open (both of its ends in the JVM): the rule is
 * that a connection open at attach time is not measured at all - neither its later messages nor
 * its close - so nothing is counted half (no close without an open, no active gauge below zero).
 * A connection opened after the attach is measured completely.
 */
@Timeout(90)
class AttachWithOpenConnectionsIT {

  @Test
  void aConnectionOpenAtAttachIsLeftOutWholeAndANewOneIsMeasuredWhole() throws Exception {
    try (AgentProcess app = AgentProcess.builder("dev.earshot.testapps.attach.OpenConnectionsApp").withoutAgent()
        .name("AttachWithOpenConnectionsIT").start()) {
      app.awaitOutput("^READY$", Duration.ofSeconds(30));
      VirtualMachine vm = VirtualMachine.attach(Long.toString(app.process().pid()));
      try {
        vm.loadAgent(AgentProcess.agentJar().toString());
      } finally {
        vm.detach();
      }
      app.scrape(); // the agent is up: the classes were retransformed

      command(app, "before-talk");
      command(app, "after");
      command(app, "before-close");
      PrometheusText m = app.scrapeUntil(x -> x.sum("websocket_closes_total") == 2, Duration.ofSeconds(10));

      String[] afterServer = {"websocket_side", "server", "websocket_endpoint", "/ws/after"};
      String[] afterClient = {"websocket_side", "client", "websocket_endpoint", "127.0.0.2"};
      for (String[] side : new String[][] {afterServer, afterClient}) {
        assertThat(m.value("websocket_messages_sent_total", with(side, "websocket_message_type", "text"))).isEqualTo(2);
        assertThat(m.value("websocket_messages_received_total", with(side, "websocket_message_type", "text"))).isEqualTo(2);
        assertThat(m.value("websocket_connections_active", side)).isZero();
        assertThat(m.sum("websocket_closes_total", with(side, "websocket_close_code", "1000"))).isEqualTo(1);
      }
      assertThat(m.labelValues("websocket_messages_received_total", "websocket_endpoint")).containsExactlyInAnyOrder("/ws/after", "127.0.0.2");
      assertThat(m.labelValues("websocket_closes_total", "websocket_endpoint")).containsExactlyInAnyOrder("/ws/after", "127.0.0.2");
      assertThat(m.labelValues("websocket_connections_active", "websocket_endpoint")).containsExactlyInAnyOrder("/ws/after", "127.0.0.2");
      assertThat(m.series("websocket_connections_active")).allMatch(s -> s.value() == 0);
      assertThat(m.sum("earshot_agent_errors_total")).isZero();
    }
  }

  private static void command(AgentProcess app, String command) throws IOException {
    app.process().getOutputStream().write((command + "\n").getBytes(StandardCharsets.UTF_8));
    app.process().getOutputStream().flush();
    app.awaitOutput("^OK " + command + "$", Duration.ofSeconds(20));
  }

  private static String[] with(String[] base, String... more) {
    String[] all = java.util.Arrays.copyOf(base, base.length + more.length);
    System.arraycopy(more, 0, all, base.length, more.length);
    return all;
  }
}
