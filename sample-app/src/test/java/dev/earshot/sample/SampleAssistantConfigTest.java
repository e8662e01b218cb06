package dev.earshot.sample;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.earshot.sample.openai.OpenAiSettings;
import dev.earshot.sample.openai.simulator.SimulatorConfig;
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
    OpenAiSettings openAi = config.openAi();
    assertThat(openAi.apiKey()).isNull();
    assertThat(openAi.usesSimulator()).as("no key: the in-process simulator").isTrue();
    assertThat(openAi.model()).isEqualTo("gpt-4o-mini");
    assertThat(openAi.realtimeModel()).isEqualTo("gpt-realtime");
    assertThat(openAi.maxRetries()).isEqualTo(2);
    assertThat(openAi.timeout()).isEqualTo(Duration.ofSeconds(60));
    assertThat(openAi.realtimeTokenRateLimit()).isEqualTo(20);
    assertThat(openAi.realtimeTokenRateWindow()).isEqualTo(Duration.ofSeconds(10));
    assertThat(openAi.simulatorConfig()).isEqualTo(SimulatorConfig.defaults());
  }

  @Test
  void openAiSettingsComeFromTheSdksVariablesAndOptions() {
    SampleAssistantConfig config =
        resolve(
            Map.of(
                "OPENAI_API_KEY", "sk-test-secret",
                "OPENAI_BASE_URL", "http://127.0.0.1:9/v1",
                "OPENAI_MODEL", "gpt-4.1",
                "OPENAI_MAX_RETRIES", "5",
                "OPENAI_SIM_TTFT_MS", "123"),
            "--model", "gpt-5-mini",
            "--realtime-model=gpt-realtime-mini",
            "--openai-timeout-seconds", "7",
            "--rt-token-rate-limit", "3",
            "--rt-token-rate-window-seconds", "30",
            "--simulator-port", "18099");

    OpenAiSettings openAi = config.openAi();
    assertThat(openAi.apiKey()).isEqualTo("sk-test-secret");
    assertThat(openAi.baseUrl()).isEqualTo("http://127.0.0.1:9/v1");
    assertThat(openAi.usesSimulator()).isFalse();
    assertThat(openAi.model()).isEqualTo("gpt-5-mini");
    assertThat(openAi.realtimeModel()).isEqualTo("gpt-realtime-mini");
    assertThat(openAi.timeout()).isEqualTo(Duration.ofSeconds(7));
    assertThat(openAi.maxRetries()).isEqualTo(5);
    assertThat(openAi.realtimeTokenRateLimit()).isEqualTo(3);
    assertThat(openAi.realtimeTokenRateWindow()).isEqualTo(Duration.ofSeconds(30));
    assertThat(openAi.simulatorPort()).isEqualTo(18099);
    assertThat(openAi.simulatorConfig().ttftMs()).isEqualTo(123);
    assertThat(config.toString()).doesNotContain("sk-test-secret");

    assertThat(resolve(Map.of("OPENAI_API_KEY", "sk-x"), "--simulator").openAi().usesSimulator()).isTrue();
    assertThat(resolve(Map.of("OPENAI_API_KEY", "  ")).openAi().usesSimulator()).as("blank = unset").isTrue();
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
    assertThatThrownBy(() -> resolve(Map.of(), "--simulator=yes"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("takes no value");
    assertThatThrownBy(() -> resolve(Map.of(), "--openai-max-retries", "-1"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> resolve(Map.of(), "--openai-timeout-seconds", "0"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> resolve(Map.of("OPENAI_SIM_TOKENS", "none")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("OPENAI_SIM_TOKENS");
    assertThatThrownBy(() -> resolve(Map.of(), "--verbose"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("unknown argument");
  }

  @Test
  void helpIsSignalledSeparately() {
    assertThatThrownBy(() -> resolve(Map.of(), "--help"))
        .isInstanceOf(SampleAssistantConfig.HelpRequestedException.class);
  }

  @Test
  void realtimeOptions() {
    SampleAssistantConfig config = resolve(
        Map.of("REALTIME_MODE", "relay", "REALTIME_MAX_SESSIONS", "5"),
        "--realtime-max-utterance-seconds", "12", "--realtime-workers=3");
    assertThat(config.realtime()).isEqualTo(new dev.earshot.sample.voice.RealtimeSettings(
        dev.earshot.sample.voice.RealtimeSettings.Mode.RELAY, 5, Duration.ofSeconds(12), 3));
    assertThat(resolve(Map.of("REALTIME_MODE", "relay"), "--realtime", "local").realtime().mode())
        .isEqualTo(dev.earshot.sample.voice.RealtimeSettings.Mode.LOCAL);
    assertThatThrownBy(() -> resolve(Map.of(), "--realtime", "webrtc")).hasMessageContaining("'local' or 'relay'");
    assertThatThrownBy(() -> resolve(Map.of(), "--realtime-max-sessions", "0")).hasMessageContaining("max sessions");
  }
}
