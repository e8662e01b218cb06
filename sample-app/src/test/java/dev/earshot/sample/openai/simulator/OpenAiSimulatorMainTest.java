package dev.earshot.sample.openai.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(10)
class OpenAiSimulatorMainTest {

  @Test
  void announcesItsRealPortOnOneLine() {
    ByteArrayOutputStream stdout = new ByteArrayOutputStream();
    try (OpenAiSimulator simulator =
        OpenAiSimulator.run(
            new String[] {"--port", "0", "--ttft-ms", "0"},
            Map.of("OPENAI_SIM_PORT", "1"),
            new PrintStream(stdout, true, StandardCharsets.UTF_8))) {

      assertThat(stdout.toString(StandardCharsets.UTF_8))
          .isEqualTo("OpenAI simulator listening on http://127.0.0.1:" + simulator.port() + "/v1" + System.lineSeparator());
      assertThat(simulator.baseUrl()).isEqualTo("http://127.0.0.1:" + simulator.port() + "/v1");
      assertThat(RawHttp.get(simulator.adminUrl() + "/health").statusCode()).isEqualTo(200);
      assertThat(RawHttp.post(simulator.baseUrl() + "/embeddings", "{\"model\":\"text-embedding-3-small\",\"input\":\"x\"}",
          "Authorization", "Bearer k").statusCode()).isEqualTo(200);
    }
  }

  @Test
  void usageListsEveryOption() {
    assertThat(SimulatorOptions.USAGE)
        .contains("--host", "--port", "--seed", "--ttft-ms", "--token-delay-ms", "--tokens", "--error-429-rate",
            "--error-500-rate", "--extra-latency-ms", "--cut-stream-after", "--retry-after-ms",
            "--rate-limit-requests", "--rate-limit-tokens", "--rate-limit-window-seconds", "--enforce-rate-limits",
            "/_simulator/config");
  }
}
