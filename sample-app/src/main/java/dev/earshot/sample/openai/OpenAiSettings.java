package dev.earshot.sample.openai;

import dev.earshot.sample.openai.simulator.SimulatorConfig;
import java.time.Duration;
import java.util.Objects;

/**
 * How the assistant talks to OpenAI.
 *
 * @param apiKey {@code OPENAI_API_KEY} (or the {@code openai.apiKey} system property, as the SDK
 *     reads it); null when unset, which means: use the in-process simulator
 * @param baseUrl {@code OPENAI_BASE_URL} (or {@code openai.baseUrl}); null = the SDK's default,
 *     {@code https://api.openai.com/v1}
 * @param forceSimulator {@code --simulator}: use the in-process simulator even with a key
 * @param simulatorPort port of the in-process simulator ({@code --simulator-port}, default 0 =
 *     any free loopback port)
 * @param simulatorConfig the in-process simulator's behaviour ({@code OPENAI_SIM_*} variables)
 * @param model chat model ({@code --model} / {@code OPENAI_MODEL}, default {@code gpt-4o-mini})
 * @param realtimeModel model of minted realtime sessions ({@code --realtime-model} / {@code
 *     OPENAI_REALTIME_MODEL}, default {@code gpt-realtime})
 * @param timeout per-attempt timeout of an SDK call ({@code --openai-timeout-seconds} / {@code
 *     OPENAI_TIMEOUT_SECONDS}, default 60 s); covers a whole stream
 * @param maxRetries the SDK's retries ({@code --openai-max-retries} / {@code OPENAI_MAX_RETRIES},
 *     default 2, the SDK's own default)
 * @param realtimeTokenRateLimit realtime client secrets per client per window ({@code
 *     --rt-token-rate-limit} / {@code RT_TOKEN_RATE_LIMIT}, default 20)
 * @param realtimeTokenRateWindow that window ({@code --rt-token-rate-window-seconds} / {@code
 *     RT_TOKEN_RATE_WINDOW_SECONDS}, default 10 s)
 */
public record OpenAiSettings(
    String apiKey,
    String baseUrl,
    boolean forceSimulator,
    int simulatorPort,
    SimulatorConfig simulatorConfig,
    String model,
    String realtimeModel,
    Duration timeout,
    int maxRetries,
    int realtimeTokenRateLimit,
    Duration realtimeTokenRateWindow) {

  public static final String DEFAULT_MODEL = "gpt-4o-mini";
  public static final String DEFAULT_REALTIME_MODEL = "gpt-realtime";
  public static final int DEFAULT_TIMEOUT_SECONDS = 60;
  public static final int DEFAULT_MAX_RETRIES = 2;
  public static final int DEFAULT_REALTIME_TOKEN_RATE_LIMIT = 20;
  public static final int DEFAULT_REALTIME_TOKEN_RATE_WINDOW_SECONDS = 10;

  public OpenAiSettings {
    Objects.requireNonNull(simulatorConfig, "simulatorConfig");
    Objects.requireNonNull(model, "model");
    Objects.requireNonNull(realtimeModel, "realtimeModel");
    Objects.requireNonNull(timeout, "timeout");
    Objects.requireNonNull(realtimeTokenRateWindow, "realtimeTokenRateWindow");
    apiKey = blankToNull(apiKey);
    baseUrl = blankToNull(baseUrl);
    if (model.isBlank() || realtimeModel.isBlank()) {
      throw new IllegalArgumentException("model names must not be blank");
    }
    if (simulatorPort < 0 || simulatorPort > 65_535) {
      throw new IllegalArgumentException("simulator port must be between 0 and 65535, was " + simulatorPort);
    }
    if (timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("OpenAI timeout must be positive, was " + timeout);
    }
    if (maxRetries < 0 || maxRetries > 10) {
      throw new IllegalArgumentException("OpenAI max retries must be between 0 and 10, was " + maxRetries);
    }
    if (realtimeTokenRateLimit < 1) {
      throw new IllegalArgumentException(
          "realtime token rate limit must be at least 1, was " + realtimeTokenRateLimit);
    }
    if (realtimeTokenRateWindow.isNegative() || realtimeTokenRateWindow.isZero()) {
      throw new IllegalArgumentException(
          "realtime token rate window must be positive, was " + realtimeTokenRateWindow);
    }
  }

  /** No key (so the in-process simulator with default behaviour) and every other default. */
  public static OpenAiSettings defaults() {
    return new OpenAiSettings(
        null,
        null,
        false,
        0,
        SimulatorConfig.defaults(),
        DEFAULT_MODEL,
        DEFAULT_REALTIME_MODEL,
        Duration.ofSeconds(DEFAULT_TIMEOUT_SECONDS),
        DEFAULT_MAX_RETRIES,
        DEFAULT_REALTIME_TOKEN_RATE_LIMIT,
        Duration.ofSeconds(DEFAULT_REALTIME_TOKEN_RATE_WINDOW_SECONDS));
  }

  /** Whether the assistant starts the in-process simulator and talks to it. */
  public boolean usesSimulator() {
    return forceSimulator || apiKey == null;
  }

  /** Talk to a real (or external) API with this key and base URL (null = the SDK's default). */
  public OpenAiSettings withApiKey(String key, String url) {
    return new OpenAiSettings(key, url, false, simulatorPort, simulatorConfig, model, realtimeModel,
        timeout, maxRetries, realtimeTokenRateLimit, realtimeTokenRateWindow);
  }

  /** Use the in-process simulator with this behaviour. */
  public OpenAiSettings withSimulator(SimulatorConfig config) {
    return new OpenAiSettings(apiKey, baseUrl, true, simulatorPort, config, model, realtimeModel,
        timeout, maxRetries, realtimeTokenRateLimit, realtimeTokenRateWindow);
  }

  public OpenAiSettings withRetries(int retries, Duration callTimeout) {
    return new OpenAiSettings(apiKey, baseUrl, forceSimulator, simulatorPort, simulatorConfig, model,
        realtimeModel, callTimeout, retries, realtimeTokenRateLimit, realtimeTokenRateWindow);
  }

  public OpenAiSettings withRealtimeTokenRateLimit(int limit, Duration window) {
    return new OpenAiSettings(apiKey, baseUrl, forceSimulator, simulatorPort, simulatorConfig, model,
        realtimeModel, timeout, maxRetries, limit, window);
  }

  /** Never prints the key. */
  @Override
  public String toString() {
    return "OpenAiSettings[apiKey=" + (apiKey == null ? "unset" : "***")
        + ", baseUrl=" + baseUrl
        + ", forceSimulator=" + forceSimulator
        + ", simulatorPort=" + simulatorPort
        + ", simulatorConfig=" + simulatorConfig
        + ", model=" + model
        + ", realtimeModel=" + realtimeModel
        + ", timeout=" + timeout
        + ", maxRetries=" + maxRetries
        + ", realtimeTokenRateLimit=" + realtimeTokenRateLimit
        + ", realtimeTokenRateWindow=" + realtimeTokenRateWindow + "]";
  }

  private static String blankToNull(String value) {
    return value == null || value.isBlank() ? null : value.trim();
  }
}
