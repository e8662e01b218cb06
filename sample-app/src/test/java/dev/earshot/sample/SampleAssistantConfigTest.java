package dev.earshot.sample;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SampleAssistantConfigTest {

  private static SampleAssistantConfig resolve(Map<String, String> env, String... args) {
    return SampleAssistantConfig.resolve(args, env);
  }

  @Test
  void defaultsWithoutArgumentsOrEnvironment() {
    SampleAssistantConfig config = resolve(Map.of());

    assertThat(config).isEqualTo(SampleAssistantConfig.defaults());
    assertThat(config.host()).isEqualTo("0.0.0.0");
    assertThat(config.port()).isEqualTo(8080);
    assertThat(config.sessionRateLimit()).isEqualTo(20);
    assertThat(config.sessionRateWindow()).isEqualTo(Duration.ofSeconds(10));
    assertThat(config.trustForwardedFor()).isFalse();
  }

  @Test
  void environmentOverridesDefaults() {
    SampleAssistantConfig config =
        resolve(
            Map.of(
                "PORT", "9000",
                "HOST", "127.0.0.1",
                "SESSION_RATE_LIMIT", "5",
                "SESSION_RATE_WINDOW_SECONDS", "30"));

    assertThat(config)
        .isEqualTo(new SampleAssistantConfig("127.0.0.1", 9000, 5, Duration.ofSeconds(30), false));
  }

  @Test
  void argumentsOverrideEnvironment() {
    SampleAssistantConfig config =
        resolve(
            Map.of("PORT", "9000", "HOST", "127.0.0.1", "SESSION_RATE_LIMIT", "5"),
            "--port", "0",
            "--host=::1",
            "--session-rate-limit", "3",
            "--session-rate-window-seconds=60",
            "--trust-forwarded");

    assertThat(config)
        .isEqualTo(new SampleAssistantConfig("::1", 0, 3, Duration.ofSeconds(60), true));
  }

  @Test
  void rejectsInvalidInput() {
    assertThatThrownBy(() -> resolve(Map.of(), "--port", "http"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("--port");
    assertThatThrownBy(() -> resolve(Map.of(), "--port", "70000"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> resolve(Map.of(), "--port"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("needs a value");
    assertThatThrownBy(() -> resolve(Map.of(), "--session-rate-limit", "0"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> resolve(Map.of(), "--session-rate-window-seconds", "0"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> resolve(Map.of("PORT", "eighty")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("PORT");
    assertThatThrownBy(() -> resolve(Map.of(), "--verbose"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("unknown argument");
  }

  @Test
  void helpIsSignalledSeparately() {
    assertThatThrownBy(() -> resolve(Map.of(), "--help"))
        .isInstanceOf(SampleAssistantConfig.HelpRequestedException.class);
  }
}
