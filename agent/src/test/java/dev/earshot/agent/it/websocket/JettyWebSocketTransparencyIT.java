package dev.earshot.agent.it.websocket;

import static org.assertj.core.api.Assertions.assertThat;

import dev.earshot.agent.it.support.AgentProcess;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The application cannot tell the agent is there: the same conversation with the Jetty and Jakarta
 * endpoints, with and without the agent, gives the peer the same messages, fragments reassembled
 * the same way, and the same close codes and failures.
 */
@Timeout(60)
class JettyWebSocketTransparencyIT {

  @Test
  void peersSeeTheSameWithAndWithoutTheAgent() throws Exception {
    try (AgentProcess with = AgentProcess.builder("dev.earshot.testapps.websocket.JettyWebSocketServerApp").name("TransparencyWithAgent").start();
        AgentProcess without = AgentProcess.builder("dev.earshot.testapps.websocket.JettyWebSocketServerApp").name("TransparencyWithoutAgent")
            .withoutAgent().start()) {
      List<String> instrumented = transcript(port(with));
      List<String> plain = transcript(port(without));
      assertThat(instrumented).isEqualTo(plain);
      assertThat(instrumented).contains("close 4001", "close 1001", "text abcdef", "text 3000 chars");
      assertThat(WsMetrics.agentErrors(with.scrape(), "jetty-websocket")).isZero();
    }
  }

  private static int port(AgentProcess app) {
    return Integer.parseInt(app.awaitOutput("READY port=(\\d+)", Duration.ofSeconds(60)).group(1));
  }

  private static List<String> transcript(int port) {
    List<String> seen = new ArrayList<>();
    for (String path : List.of("/jetty/fragments", "/jakarta/rooms/1")) {
      WsPeer peer = WsPeer.connect("ws://127.0.0.1:" + port + path);
      peer.text("he", false).text("llo", true).binary(2, false).binary(3, true);
      for (String command : List.of("say:héllo", "bin:5", "partial", "big:3000")) {
        peer.text(command);
        Object reply = peer.next();
        seen.add(reply instanceof String s ? (s.length() > 100 ? "text " + s.length() + " chars" : "text " + s) : "binary " + reply);
      }
      peer.text("close:4001");
      seen.add("close " + peer.awaitClose());
    }
    WsPeer idle = WsPeer.connect("ws://127.0.0.1:" + port + "/jetty/idle");
    seen.add("close " + idle.awaitClose());
    WsPeer aborted = WsPeer.connect("ws://127.0.0.1:" + port + "/jetty/abort");
    aborted.text("abort");
    try {
      seen.add("close " + aborted.awaitClose());
    } catch (CompletionException e) {
      seen.add("error " + e.getCause().getClass().getName());
    }
    return seen;
  }
}
