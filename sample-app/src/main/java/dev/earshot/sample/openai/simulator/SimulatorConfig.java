package dev.earshot.sample.openai.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * The simulator's behaviour: timing, answer length, faults and rate limits. Immutable; the running
 * simulator swaps the whole record when the admin endpoint changes a setting, and each request
 * works with the record that was current when it arrived.
 *
 * <p>Every setting can be given in three spellings, listed in {@link #SETTINGS}: a command-line
 * option ({@code --ttft-ms 250}), an environment variable ({@code OPENAI_SIM_TTFT_MS=250}) and a
 * JSON field of {@code POST /_simulator/config} ({@code {"ttftMs":250}}).
 *
 * @param seed seeds every made-up value (answers, ids, vectors, fault choices); default 0, so runs
 *     repeat unless a seed is given
 * @param ttftMs time to first token: the first streamed content chunk is written and flushed this
 *     long after the request arrived (plus {@code extraLatencyMs}); non-generating endpoints
 *     answer after this long
 * @param tokenDelayMs delay between two streamed tokens (and between two audio chunks of speech)
 * @param tokensPerAnswer completion tokens per answer, unless the request caps it lower
 * @param error429Rate probability (0..1) that a request is answered 429 {@code
 *     rate_limit_exceeded}
 * @param error500Rate probability (0..1) that a request is answered 500 {@code server_error}
 * @param extraLatencyMs fixed delay added before every response ("slow responses")
 * @param cutStreamAfterChunks when 0 or more, every streamed response is cut (connection closed
 *     without the terminating chunk or {@code [DONE]}) after this many chunks; -1 = off
 * @param retryAfterMs {@code retry-after-ms} of injected 429s ({@code retry-after} is this in
 *     whole seconds, rounded up)
 * @param rateLimitRequests {@code x-ratelimit-limit-requests}: requests per window
 * @param rateLimitTokens {@code x-ratelimit-limit-tokens}: tokens per window
 * @param rateLimitWindowSeconds the rate-limit window
 * @param enforceRateLimits whether exceeding the limits is answered 429 (otherwise the headers
 *     only report them)
 * @param realtimeTtftMs Realtime WebSocket: time from the end of the user's turn (server VAD's
 *     speech stop, or the client's {@code response.create}) to the first audio (or text) delta
 * @param realtimeTranscriptionDelayMs Realtime: time from a committed user turn to its {@code
 *     conversation.item.input_audio_transcription.completed}
 * @param realtimeAnswerTokens Realtime: words per spoken answer (its audio lasts 60 ms per
 *     character of the transcript, as {@code /v1/audio/speech})
 * @param realtimeAudioChunkMs Realtime: audio per {@code response.output_audio.delta}; deltas are
 *     paced at playback speed, one every this many milliseconds
 */
public record SimulatorConfig(
    long seed,
    long ttftMs,
    long tokenDelayMs,
    int tokensPerAnswer,
    double error429Rate,
    double error500Rate,
    long extraLatencyMs,
    int cutStreamAfterChunks,
    long retryAfterMs,
    long rateLimitRequests,
    long rateLimitTokens,
    long rateLimitWindowSeconds,
    boolean enforceRateLimits,
    long realtimeTtftMs,
    long realtimeTranscriptionDelayMs,
    int realtimeAnswerTokens,
    long realtimeAudioChunkMs) {

  /** Prefix of the environment variables, e.g. {@code OPENAI_SIM_TTFT_MS}. */
  public static final String ENV_PREFIX = "OPENAI_SIM_";

  public static final long DEFAULT_TTFT_MS = 200;
  public static final long DEFAULT_TOKEN_DELAY_MS = 20;
  public static final int DEFAULT_TOKENS_PER_ANSWER = 16;
  public static final long DEFAULT_RETRY_AFTER_MS = 1_000;
  public static final long DEFAULT_RATE_LIMIT_REQUESTS = 10_000;
  public static final long DEFAULT_RATE_LIMIT_TOKENS = 10_000_000;
  public static final long DEFAULT_RATE_LIMIT_WINDOW_SECONDS = 60;
  public static final long DEFAULT_REALTIME_TTFT_MS = 300;
  public static final long DEFAULT_REALTIME_TRANSCRIPTION_DELAY_MS = 150;
  public static final int DEFAULT_REALTIME_ANSWER_TOKENS = 12;
  public static final long DEFAULT_REALTIME_AUDIO_CHUNK_MS = 100;

  /** One setting in its three spellings, with a one-line description for the usage text. */
  public record Setting(String json, String option, String env, String valueName, String help) {}

  public static final List<Setting> SETTINGS =
      List.of(
          setting("seed", "seed", "N", "seed of all made-up values (default 0)"),
          setting("ttftMs", "ttft-ms", "MS", "time to first token (default 200)"),
          setting("tokenDelayMs", "token-delay-ms", "MS", "delay between streamed tokens (default 20)"),
          setting("tokensPerAnswer", "tokens", "N", "completion tokens per answer (default 16)"),
          setting("error429Rate", "error-429-rate", "P", "share of requests answered 429, 0..1 (default 0)"),
          setting("error500Rate", "error-500-rate", "P", "share of requests answered 500, 0..1 (default 0)"),
          setting("extraLatencyMs", "extra-latency-ms", "MS", "extra delay before every response (default 0)"),
          setting("cutStreamAfterChunks", "cut-stream-after", "N",
              "cut every stream after N chunks, -1 = never (default -1)"),
          setting("retryAfterMs", "retry-after-ms", "MS", "retry-after-ms of injected 429s (default 1000)"),
          setting("rateLimitRequests", "rate-limit-requests", "N",
              "x-ratelimit-limit-requests per window (default 10000)"),
          setting("rateLimitTokens", "rate-limit-tokens", "N",
              "x-ratelimit-limit-tokens per window (default 10000000)"),
          setting("rateLimitWindowSeconds", "rate-limit-window-seconds", "S", "rate-limit window (default 60)"),
          setting("enforceRateLimits", "enforce-rate-limits", "",
              "answer 429 beyond the limits (flag; env/JSON true|false; default off)"),
          setting("realtimeTtftMs", "realtime-ttft-ms", "MS",
              "Realtime: end of user turn to first audio delta (default 300)"),
          setting("realtimeTranscriptionDelayMs", "realtime-transcription-delay-ms", "MS",
              "Realtime: committed turn to its transcript (default 150)"),
          setting("realtimeAnswerTokens", "realtime-answer-tokens", "N",
              "Realtime: words per spoken answer (default 12)"),
          setting("realtimeAudioChunkMs", "realtime-audio-chunk-ms", "MS",
              "Realtime: audio per output_audio.delta, 20..1000 (default 100)"));

  public SimulatorConfig {
    requireAtLeast("ttftMs", ttftMs, 0);
    requireAtLeast("tokenDelayMs", tokenDelayMs, 0);
    requireAtLeast("tokensPerAnswer", tokensPerAnswer, 1);
    requireAtLeast("extraLatencyMs", extraLatencyMs, 0);
    requireAtLeast("cutStreamAfterChunks", cutStreamAfterChunks, -1);
    requireAtLeast("retryAfterMs", retryAfterMs, 0);
    requireAtLeast("rateLimitRequests", rateLimitRequests, 1);
    requireAtLeast("rateLimitTokens", rateLimitTokens, 1);
    requireAtLeast("rateLimitWindowSeconds", rateLimitWindowSeconds, 1);
    requireAtLeast("realtimeTtftMs", realtimeTtftMs, 0);
    requireAtLeast("realtimeTranscriptionDelayMs", realtimeTranscriptionDelayMs, 0);
    requireAtLeast("realtimeAnswerTokens", realtimeAnswerTokens, 1);
    requireAtLeast("realtimeAudioChunkMs", realtimeAudioChunkMs, 20);
    if (realtimeAudioChunkMs > 1_000) {
      throw new IllegalArgumentException("realtimeAudioChunkMs must not exceed 1000, was " + realtimeAudioChunkMs);
    }
    if (realtimeAnswerTokens > 10_000) {
      throw new IllegalArgumentException("realtimeAnswerTokens must not exceed 10000");
    }
    requireRate("error429Rate", error429Rate);
    requireRate("error500Rate", error500Rate);
    if (error429Rate + error500Rate > 1.0) {
      throw new IllegalArgumentException("error429Rate + error500Rate must not exceed 1");
    }
    // Upper bounds keep a typo from hanging a client for hours.
    for (long millis : new long[] {ttftMs, tokenDelayMs, extraLatencyMs, realtimeTtftMs, realtimeTranscriptionDelayMs}) {
      if (millis > 600_000) {
        throw new IllegalArgumentException("delays must not exceed 600000 ms");
      }
    }
    if (tokensPerAnswer > 100_000) {
      throw new IllegalArgumentException("tokensPerAnswer must not exceed 100000");
    }
  }

  /** The defaults with a fixed seed. */
  public static SimulatorConfig defaults(long seed) {
    return new SimulatorConfig(
        seed,
        DEFAULT_TTFT_MS,
        DEFAULT_TOKEN_DELAY_MS,
        DEFAULT_TOKENS_PER_ANSWER,
        0.0,
        0.0,
        0,
        -1,
        DEFAULT_RETRY_AFTER_MS,
        DEFAULT_RATE_LIMIT_REQUESTS,
        DEFAULT_RATE_LIMIT_TOKENS,
        DEFAULT_RATE_LIMIT_WINDOW_SECONDS,
        false,
        DEFAULT_REALTIME_TTFT_MS,
        DEFAULT_REALTIME_TRANSCRIPTION_DELAY_MS,
        DEFAULT_REALTIME_ANSWER_TOKENS,
        DEFAULT_REALTIME_AUDIO_CHUNK_MS);
  }

  /** The defaults, seed 0 included: without {@code --seed} every run makes up the same values. */
  public static SimulatorConfig defaults() {
    return defaults(0);
  }

  /** The defaults overridden by the {@code OPENAI_SIM_*} variables present in {@code env}. */
  public static SimulatorConfig fromEnv(Map<String, String> env) {
    SimulatorConfig config = defaults();
    for (Setting setting : SETTINGS) {
      String value = env.get(setting.env());
      if (value != null && !value.isBlank()) {
        config = config.with(setting.json(), value.trim(), "env " + setting.env());
      }
    }
    return config;
  }

  /** The setting whose command-line option is {@code option} (without dashes), if any. */
  static Setting settingForOption(String option) {
    for (Setting setting : SETTINGS) {
      if (setting.option().equals(option)) {
        return setting;
      }
    }
    return null;
  }

  /**
   * Returns a copy with the setting named {@code json} (its JSON name) parsed from {@code value}.
   *
   * @param source names the origin in error messages, e.g. {@code --ttft-ms}
   * @throws IllegalArgumentException on an unknown setting or an invalid value
   */
  public SimulatorConfig with(String json, String value, String source) {
    Objects.requireNonNull(value, "value");
    Map<String, Object> values = toJson();
    if (!values.containsKey(json)) {
      throw new IllegalArgumentException("unknown simulator setting: " + json);
    }
    Object parsed;
    try {
      parsed =
          switch (json) {
            case "error429Rate", "error500Rate" -> Double.parseDouble(value);
            case "enforceRateLimits" -> parseBoolean(value);
            case "cutStreamAfterChunks" ->
                value.equals("null") || value.equals("off") ? -1L : Long.parseLong(value);
            default -> Long.parseLong(value);
          };
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(source + " must be a number, was '" + value + "'");
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(source + " " + e.getMessage());
    }
    values.put(json, parsed);
    try {
      return fromMap(values);
    } catch (IllegalArgumentException | ArithmeticException e) {
      throw new IllegalArgumentException(source + ": " + e.getMessage());
    }
  }

  /**
   * Applies a partial JSON object such as {@code {"ttftMs":300,"error429Rate":0.1}}; {@code null}
   * turns {@code cutStreamAfterChunks} off.
   *
   * @throws IllegalArgumentException on anything but an object of known settings with valid values
   */
  public SimulatorConfig withJson(JsonNode changes) {
    if (changes == null || !changes.isObject()) {
      throw new IllegalArgumentException("the configuration must be a JSON object");
    }
    SimulatorConfig config = this;
    for (Iterator<Map.Entry<String, JsonNode>> it = changes.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> field = it.next();
      JsonNode value = field.getValue();
      String text;
      if (value.isNull()) {
        text = "null";
      } else if (value.isNumber() || value.isBoolean()) {
        text = value.asText();
      } else if (value.isTextual()) {
        text = value.textValue();
      } else {
        throw new IllegalArgumentException(field.getKey() + " must be a number or a boolean");
      }
      if (value.isNumber() && !value.isIntegralNumber() && !field.getKey().endsWith("Rate")) {
        throw new IllegalArgumentException(field.getKey() + " must be an integer, was " + text);
      }
      config = config.with(field.getKey(), text, field.getKey());
    }
    return config;
  }

  /** The JSON form served by {@code GET /_simulator/config}. */
  public Map<String, Object> toJson() {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("seed", seed);
    json.put("ttftMs", ttftMs);
    json.put("tokenDelayMs", tokenDelayMs);
    json.put("tokensPerAnswer", tokensPerAnswer);
    json.put("error429Rate", error429Rate);
    json.put("error500Rate", error500Rate);
    json.put("extraLatencyMs", extraLatencyMs);
    json.put("cutStreamAfterChunks", cutStreamAfterChunks);
    json.put("retryAfterMs", retryAfterMs);
    json.put("rateLimitRequests", rateLimitRequests);
    json.put("rateLimitTokens", rateLimitTokens);
    json.put("rateLimitWindowSeconds", rateLimitWindowSeconds);
    json.put("enforceRateLimits", enforceRateLimits);
    json.put("realtimeTtftMs", realtimeTtftMs);
    json.put("realtimeTranscriptionDelayMs", realtimeTranscriptionDelayMs);
    json.put("realtimeAnswerTokens", realtimeAnswerTokens);
    json.put("realtimeAudioChunkMs", realtimeAudioChunkMs);
    return json;
  }

  public SimulatorConfig withSeed(long newSeed) {
    return with("seed", Long.toString(newSeed), "seed");
  }

  /** A copy with other timing; the other settings are kept. */
  public SimulatorConfig withTiming(long newTtftMs, long newTokenDelayMs, int newTokensPerAnswer) {
    Map<String, Object> values = toJson();
    values.put("ttftMs", newTtftMs);
    values.put("tokenDelayMs", newTokenDelayMs);
    values.put("tokensPerAnswer", (long) newTokensPerAnswer);
    return fromMap(values);
  }

  private static SimulatorConfig fromMap(Map<String, Object> values) {
    return new SimulatorConfig(
        number(values, "seed"),
        number(values, "ttftMs"),
        number(values, "tokenDelayMs"),
        Math.toIntExact(number(values, "tokensPerAnswer")),
        ((Number) values.get("error429Rate")).doubleValue(),
        ((Number) values.get("error500Rate")).doubleValue(),
        number(values, "extraLatencyMs"),
        Math.toIntExact(number(values, "cutStreamAfterChunks")),
        number(values, "retryAfterMs"),
        number(values, "rateLimitRequests"),
        number(values, "rateLimitTokens"),
        number(values, "rateLimitWindowSeconds"),
        (Boolean) values.get("enforceRateLimits"),
        number(values, "realtimeTtftMs"),
        number(values, "realtimeTranscriptionDelayMs"),
        Math.toIntExact(number(values, "realtimeAnswerTokens")),
        number(values, "realtimeAudioChunkMs"));
  }

  private static long number(Map<String, Object> values, String name) {
    return ((Number) values.get(name)).longValue();
  }

  private static Setting setting(String json, String option, String valueName, String help) {
    String env = ENV_PREFIX + option.replace('-', '_').toUpperCase(Locale.ROOT);
    return new Setting(json, option, env, valueName, help);
  }

  private static boolean parseBoolean(String value) {
    return switch (value.toLowerCase(Locale.ROOT)) {
      case "true", "1", "yes", "on" -> true;
      case "false", "0", "no", "off" -> false;
      default -> throw new IllegalArgumentException("must be true or false, was '" + value + "'");
    };
  }

  private static void requireAtLeast(String name, long value, long min) {
    if (value < min) {
      throw new IllegalArgumentException(name + " must be at least " + min + ", was " + value);
    }
  }

  private static void requireRate(String name, double value) {
    if (!(value >= 0.0 && value <= 1.0)) {
      throw new IllegalArgumentException(name + " must be between 0 and 1, was " + value);
    }
  }
}
