package dev.earshot.sample.openai.simulator;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import java.time.Duration;

/** Official SDK clients pointed at a simulator, strict about response shapes. */
final class SdkClients {

  private SdkClients() {}

  /**
   * {@code responseValidation(true)} makes the SDK check every field of every answer against its
   * model classes, so any shape the SDK does not accept fails the test.
   */
  static OpenAIClient client(OpenAiSimulator simulator, int maxRetries) {
    return OpenAIOkHttpClient.builder()
        .apiKey("sk-test")
        .baseUrl(simulator.baseUrl())
        .maxRetries(maxRetries)
        .responseValidation(true)
        .timeout(Duration.ofSeconds(20))
        .build();
  }

  static OpenAiSimulator start(SimulatorConfig config) {
    return OpenAiSimulator.start(SimulatorOptions.loopback(config));
  }

  /** Quick answers: no delays, 8 tokens, seed 42. */
  static SimulatorConfig fast() {
    return SimulatorConfig.defaults(42).withTiming(0, 0, 8);
  }
}
