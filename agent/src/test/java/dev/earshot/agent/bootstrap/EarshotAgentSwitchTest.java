package dev.earshot.agent.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The hard off switch, read before anything is installed, from the sources every setting has. */
class EarshotAgentSwitchTest {

  @TempDir
  Path dir;

  @AfterEach
  void clear() {
    System.clearProperty("earshot.enabled");
    System.clearProperty("earshot.config");
  }

  @Test
  void runsUnlessSwitchedOffExplicitly() {
    assertThat(EarshotAgent.switchedOffBy(null)).isNull();
    assertThat(EarshotAgent.switchedOffBy("earshot.http.max-routes=5")).isNull();
    System.setProperty("earshot.enabled", "yes please");
    assertThat(EarshotAgent.switchedOffBy(null)).isNull(); // malformed: the agent runs and warns
  }

  @Test
  void aSystemPropertySwitchesItOffAndWinsOverTheAgentArguments() {
    System.setProperty("earshot.enabled", " FALSE ");
    assertThat(EarshotAgent.switchedOffBy("earshot.enabled=true")).isEqualTo("-Dearshot.enabled=FALSE");
    System.setProperty("earshot.enabled", "true");
    assertThat(EarshotAgent.switchedOffBy("earshot.enabled=false")).isNull();
  }

  @Test
  void agentArgumentsSwitchItOff() {
    assertThat(EarshotAgent.switchedOffBy("earshot.http.max-routes=5,earshot.enabled=false"))
        .isEqualTo("the agent argument earshot.enabled=false");
  }

  @Test
  void theConfigurationFileSwitchesItOffBelowTheArguments() throws Exception {
    Path file = dir.resolve("earshot.properties");
    Files.writeString(file, "earshot.enabled=false\n");
    assertThat(EarshotAgent.switchedOffBy("config=" + file)).isEqualTo("earshot.enabled=false in " + file);
    assertThat(EarshotAgent.switchedOffBy("config=" + file + ",earshot.enabled=true")).isNull();
    System.setProperty("earshot.config", file.toString());
    assertThat(EarshotAgent.switchedOffBy(null)).isEqualTo("earshot.enabled=false in " + file);
    System.setProperty("earshot.config", dir.resolve("missing.properties").toString());
    assertThat(EarshotAgent.switchedOffBy(null)).isNull();
  }
}
