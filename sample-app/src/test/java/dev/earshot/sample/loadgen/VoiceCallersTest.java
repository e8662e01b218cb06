package dev.earshot.sample.loadgen;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.earshot.sample.SampleAssistantConfig;
import dev.earshot.sample.SampleAssistantServer;
import dev.earshot.sample.openai.OpenAiSettings;
import dev.earshot.sample.openai.simulator.SimulatorConfig;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 40, unit = TimeUnit.SECONDS)
class VoiceCallersTest {

  @Test
  void twoCallersTalkTwoTurnsEachWithTheAssistant() {
    try (SampleAssistantServer server = SampleAssistantServer.start(SampleAssistantConfig.defaults()
        .withHost("127.0.0.1").withPort(0)
        .withOpenAi(OpenAiSettings.defaults().withSimulator(SimulatorConfig.defaults(1).withTiming(50, 5, 4))))) {
      // Bounded by turns, not by time, so that the counts are exact however loaded the machine is.
      LoadOptions options = LoadOptions.defaults()
          .withCallers(2)
          .withTurns(2)
          .withDuration(Duration.ofSeconds(30))
          .withBargeIn(0)
          .withUrl(URI.create("ws://127.0.0.1:" + server.port() + "/ws/realtime"));
      ByteArrayOutputStream out = new ByteArrayOutputStream();

      LoadReport report = new VoiceCallers(options).run(new PrintStream(out, true, StandardCharsets.UTF_8));

      assertThat(report.callers()).isEqualTo(2);
      assertThat(report.connected()).isEqualTo(2);
      assertThat(report.turns()).isEqualTo(4);
      assertThat(report.committed()).isEqualTo(4);
      assertThat(report.transcribed()).isEqualTo(4);
      assertThat(report.answers()).isEqualTo(4);
      assertThat(report.cancelled()).isZero();
      assertThat(report.bargeIns()).isZero();
      assertThat(report.errorEvents()).isZero();
      assertThat(report.latencies()).isNotEmpty().allSatisfy(ms -> assertThat(ms).isBetween(400L, 5_000L));
      assertThat(report.percentile(50)).isLessThanOrEqualTo(report.percentile(95));
      assertThat(report.format()).contains("2 connected", "p50", "p95");
      assertThat(out.toString(StandardCharsets.UTF_8)).contains("voice callers: 2 against ws://127.0.0.1:");
    }
  }

  @Test
  void callersThatCannotConnectAreCounted() throws Exception {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0)) {
      closedPort = socket.getLocalPort();
    }
    LoadOptions options = LoadOptions.defaults().withCallers(2).withDuration(Duration.ofSeconds(5))
        .withUrl(URI.create("ws://127.0.0.1:" + closedPort + "/ws/realtime"));

    LoadReport report = new VoiceCallers(options).run(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));

    assertThat(report.connected()).isZero();
    assertThat(report.connectFailures()).isEqualTo(2);
  }

  @Test
  void optionsAreParsedAndBounded() {
    LoadOptions options = LoadOptions.parse("--callers", "4", "--duration-seconds=30", "--turns", "2", "--seed", "9",
        "--barge-in", "0.5", "--url", "ws://example.test:9/ws/realtime");
    assertThat(options.callers()).isEqualTo(4);
    assertThat(options.duration()).isEqualTo(Duration.ofSeconds(30));
    assertThat(options.turnsPerCaller()).isEqualTo(2);
    assertThat(options.seed()).isEqualTo(9);
    assertThat(options.bargeInProbability()).isEqualTo(0.5);
    assertThat(options.url()).hasToString("ws://example.test:9/ws/realtime");

    assertThatThrownBy(() -> LoadOptions.parse("--callers", "501")).hasMessageContaining("--callers");
    assertThatThrownBy(() -> LoadOptions.parse("--barge-in", "1.5")).hasMessageContaining("--barge-in");
    assertThatThrownBy(() -> LoadOptions.parse("--url", "http://x")).hasMessageContaining("ws://");
    assertThatThrownBy(() -> LoadOptions.parse("--duration-seconds", "0")).hasMessageContaining("--duration-seconds");
    assertThatThrownBy(() -> LoadOptions.parse("--bogus", "1")).hasMessageContaining("unknown option");
    assertThatThrownBy(() -> LoadOptions.parse("--help")).isInstanceOf(LoadOptions.HelpRequested.class);
  }
}
