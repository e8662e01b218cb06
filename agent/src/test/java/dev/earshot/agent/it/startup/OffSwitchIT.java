package dev.earshot.agent.it.startup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.earshot.agent.it.support.AgentProcess;
import dev.earshot.agent.it.support.Http;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The hard off switch: with {@code earshot.enabled=false} (property, variable, agent argument)
 * the agent installs nothing - no bootstrap jar (so no class-data-sharing warning), no transformer,
 * no thread, no metrics port - says so in one line, and the application runs as without it.
 */
@Timeout(60)
class OffSwitchIT {

  @Test
  void aSystemPropertySwitchesEverythingOff() throws Exception {
    assertSwitchedOff(AgentProcess.builder("dev.earshot.testapps.JdkServerApp").name("OffSwitchIT-property")
        .jvm("-Dearshot.enabled=false").start(), "-Dearshot.enabled=false");
  }

  @Test
  void theEnvironmentVariableSwitchesEverythingOff() throws Exception {
    assertSwitchedOff(AgentProcess.builder("dev.earshot.testapps.JdkServerApp").name("OffSwitchIT-env")
        .env("EARSHOT_ENABLED", "false").start(), "EARSHOT_ENABLED=false");
  }

  @Test
  void theAgentArgumentSwitchesEverythingOff() throws Exception {
    assertSwitchedOff(AgentProcess.builder("dev.earshot.testapps.JdkServerApp").name("OffSwitchIT-argument")
        .agentArguments("earshot.enabled=false").start(), "the agent argument earshot.enabled=false");
  }

  private static void assertSwitchedOff(AgentProcess app, String source) throws Exception {
    try (app) {
      String base = "http://127.0.0.1:" + app.awaitOutput("READY port=(\\d+)", Duration.ofSeconds(30)).group(1);
      for (int i = 0; i < 3; i++) {
        assertThat(Http.get(base + "/orders/" + i).statusCode()).isEqualTo(200);
      }
      Thread.sleep(1_000); // time enough for an agent that did start to open its port and log
      assertThatThrownBy(() -> {
        try (Socket probe = new Socket()) {
          probe.connect(new InetSocketAddress("127.0.0.1", app.prometheusPort()), 1_000);
        }
      }).isInstanceOf(IOException.class);
      String[] earshotLines = Arrays.stream(app.output().split("\n")).filter(line -> line.contains("[earshot]")).toArray(String[]::new);
      assertThat(earshotLines).containsExactly("[earshot] INFO Earshot is switched off by " + source + "; nothing is installed");
      assertThat(app.output()).doesNotContain("bootstrap classpath has been appended");
    }
  }
}
