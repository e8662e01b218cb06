package dev.earshot.sample.openai.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SimulatorConfigTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void defaults() {
    SimulatorOptions options = SimulatorOptions.resolve(new String[0], Map.of());

    assertThat(options.host()).isEqualTo("127.0.0.1");
    assertThat(options.port()).isEqualTo(8090);
    assertThat(options.config()).isEqualTo(SimulatorConfig.defaults(0));
    SimulatorConfig config = options.config();
    assertThat(config.ttftMs()).isEqualTo(200);
    assertThat(config.tokenDelayMs()).isEqualTo(20);
    assertThat(config.tokensPerAnswer()).isEqualTo(16);
    assertThat(config.cutStreamAfterChunks()).isEqualTo(-1);
    assertThat(config.enforceRateLimits()).isFalse();
  }

  @Test
  void optionsOverrideTheEnvironment() {
    SimulatorOptions options =
        SimulatorOptions.resolve(
            new String[] {"--port", "0", "--ttft-ms=300", "--tokens", "5", "--error-429-rate", "0.25",
                "--cut-stream-after", "2", "--enforce-rate-limits", "--seed", "9"},
            Map.of("OPENAI_SIM_PORT", "9999", "OPENAI_SIM_TTFT_MS", "100", "OPENAI_SIM_TOKEN_DELAY_MS", "33",
                "OPENAI_SIM_HOST", "::1", "OPENAI_SIM_EXTRA_LATENCY_MS", "7"));

    assertThat(options.host()).isEqualTo("::1");
    assertThat(options.port()).isZero();
    SimulatorConfig config = options.config();
    assertThat(config.ttftMs()).isEqualTo(300);
    assertThat(config.tokenDelayMs()).isEqualTo(33);
    assertThat(config.tokensPerAnswer()).isEqualTo(5);
    assertThat(config.error429Rate()).isEqualTo(0.25);
    assertThat(config.extraLatencyMs()).isEqualTo(7);
    assertThat(config.cutStreamAfterChunks()).isEqualTo(2);
    assertThat(config.enforceRateLimits()).isTrue();
    assertThat(config.seed()).isEqualTo(9);
  }

  @Test
  void everySettingHasThreeSpellings() {
    for (SimulatorConfig.Setting setting : SimulatorConfig.SETTINGS) {
      assertThat(SimulatorConfig.defaults().toJson()).containsKey(setting.json());
      assertThat(setting.env()).startsWith("OPENAI_SIM_").isUpperCase();
      assertThat(SimulatorOptions.USAGE).contains("--" + setting.option()).contains(setting.env());
    }
    assertThat(SimulatorConfig.SETTINGS).hasSize(SimulatorConfig.defaults().toJson().size());
  }

  @Test
  void invalidValuesAreRejectedWithTheirSource() {
    assertThatThrownBy(() -> SimulatorOptions.resolve(new String[] {"--ttft-ms", "soon"}, Map.of()))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--ttft-ms");
    assertThatThrownBy(() -> SimulatorOptions.resolve(new String[] {"--error-500-rate", "1.5"}, Map.of()))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--error-500-rate");
    assertThatThrownBy(() -> SimulatorOptions.resolve(new String[0], Map.of("OPENAI_SIM_TOKENS", "0")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("OPENAI_SIM_TOKENS");
    assertThatThrownBy(() -> SimulatorOptions.resolve(new String[] {"--verbose"}, Map.of()))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("unknown argument");
    assertThatThrownBy(() -> SimulatorOptions.resolve(new String[] {"--port"}, Map.of()))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("needs a value");
    assertThatThrownBy(() -> SimulatorOptions.resolve(new String[] {"--error-429-rate", "0.6", "--error-500-rate", "0.6"}, Map.of()))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> SimulatorOptions.resolve(new String[] {"--help"}, Map.of()))
        .isInstanceOf(SimulatorOptions.HelpRequestedException.class);
  }

  @Test
  void jsonChangesOnlyTheNamedSettings() throws Exception {
    SimulatorConfig config = SimulatorConfig.defaults(3).with("cutStreamAfterChunks", "4", "t");

    SimulatorConfig changed =
        config.withJson(JSON.readTree("{\"ttftMs\":50,\"error500Rate\":0.5,\"cutStreamAfterChunks\":null,"
            + "\"enforceRateLimits\":true}"));

    assertThat(changed.ttftMs()).isEqualTo(50);
    assertThat(changed.error500Rate()).isEqualTo(0.5);
    assertThat(changed.cutStreamAfterChunks()).isEqualTo(-1);
    assertThat(changed.enforceRateLimits()).isTrue();
    assertThat(changed.seed()).isEqualTo(3);
    assertThat(changed.tokenDelayMs()).isEqualTo(config.tokenDelayMs());
    assertThatThrownBy(() -> config.withJson(JSON.readTree("{\"ttftMs\":[1]}"))).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void goDurations() {
    assertThat(RateLimitWindow.goDuration(0)).isEqualTo("0s");
    assertThat(RateLimitWindow.goDuration(120_000_000L)).isEqualTo("120ms");
    assertThat(RateLimitWindow.goDuration(1_000_000_000L)).isEqualTo("1s");
    assertThat(RateLimitWindow.goDuration(17_153_000_000L)).isEqualTo("17.153s");
    assertThat(RateLimitWindow.goDuration(59_500_000_000L)).isEqualTo("59.5s");
    assertThat(RateLimitWindow.goDuration(360_000_000_000L)).isEqualTo("6m0s");
    assertThat(RateLimitWindow.goDuration(3_725_000_000_000L)).isEqualTo("1h2m5s");
  }

  @Test
  void rateLimitWindowCountsDownAndRefillsAfterTheWindow() {
    SimulatorConfig config = SimulatorConfig.defaults().with("rateLimitRequests", "2", "t")
        .with("rateLimitTokens", "100", "t").with("rateLimitWindowSeconds", "10", "t").with("enforceRateLimits", "true", "t");
    RateLimitWindow window = new RateLimitWindow();
    long second = 1_000_000_000L;

    assertThat(window.snapshot(0, config).resetRequests()).isEqualTo("0s");
    assertThat(window.tryAcquireRequest(0, config)).isTrue();
    assertThat(window.tryAcquireTokens(0, 60, config)).isTrue();
    assertThat(window.tryAcquireTokens(second, 60, config)).isFalse();
    assertThat(window.tryAcquireRequest(second, config)).isTrue();
    assertThat(window.tryAcquireRequest(2 * second, config)).isFalse();
    RateLimitWindow.Snapshot snapshot = window.snapshot(4 * second, config);
    assertThat(snapshot.remainingRequests()).isZero();
    assertThat(snapshot.remainingTokens()).isEqualTo(40);
    assertThat(snapshot.resetRequests()).isEqualTo("6s");
    assertThat(window.tryAcquireRequest(10 * second, config)).as("a new window").isTrue();
    assertThat(window.snapshot(10 * second, config).remainingRequests()).isEqualTo(1);
  }
}
