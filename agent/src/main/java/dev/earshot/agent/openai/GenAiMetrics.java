package dev.earshot.agent.openai;

import dev.earshot.agent.core.Telemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.AttributesBuilder;
import io.opentelemetry.api.metrics.DoubleHistogram;
import io.opentelemetry.api.metrics.LongCounter;
import io.opentelemetry.api.metrics.LongGauge;
import io.opentelemetry.api.metrics.LongHistogram;
import java.util.List;

/**
 * The GenAI client recorder: owns the semantic conventions' {@code gen_ai.client.*} instruments
 * and Earshot's OpenAI extras (token modality, rate-limit headroom, 429s, retries). Client
 * libraries report calls through {@link OpenAiCall} and attempts through {@link #attempt}.
 */
public final class GenAiMetrics {

  static final AttributeKey<String> OPERATION = AttributeKey.stringKey("gen_ai.operation.name");
  static final AttributeKey<String> PROVIDER = AttributeKey.stringKey("gen_ai.provider.name");
  static final AttributeKey<String> REQUEST_MODEL = AttributeKey.stringKey("gen_ai.request.model");
  static final AttributeKey<String> RESPONSE_MODEL = AttributeKey.stringKey("gen_ai.response.model");
  static final AttributeKey<String> SERVER_ADDRESS = AttributeKey.stringKey("server.address");
  static final AttributeKey<Long> SERVER_PORT = AttributeKey.longKey("server.port");
  static final AttributeKey<String> ERROR_TYPE = AttributeKey.stringKey("error.type");
  static final AttributeKey<String> TOKEN_TYPE = AttributeKey.stringKey("gen_ai.token.type");
  static final AttributeKey<String> TOKEN_MODALITY = AttributeKey.stringKey("earshot.openai.token.modality");

  static final String PROVIDER_OPENAI = "openai";

  /** Semantic-convention advice for the GenAI client durations, seconds. */
  static final List<Double> DURATION_BUCKETS =
      List.of(0.01, 0.02, 0.04, 0.08, 0.16, 0.32, 0.64, 1.28, 2.56, 5.12, 10.24, 20.48, 40.96, 81.92);
  /** Semantic-convention advice for gen_ai.client.token.usage. */
  static final List<Long> TOKEN_BUCKETS = List.of(
      1L, 4L, 16L, 64L, 256L, 1024L, 4096L, 16384L, 65536L, 262144L, 1048576L, 4194304L, 16777216L, 67108864L);

  static final class Instruments {
    final DoubleHistogram duration;
    final DoubleHistogram timeToFirstChunk;
    final DoubleHistogram timePerOutputChunk;
    final LongHistogram tokenUsage;
    final LongCounter tokens;
    final LongGauge remainingRequests;
    final LongGauge remainingTokens;
    final LongCounter rateLimitExceeded;
    final LongCounter retries;

    Instruments() {
      duration = Telemetry.histogram("gen_ai.client.operation.duration", "s", "GenAI operation duration.", DURATION_BUCKETS);
      timeToFirstChunk = Telemetry.histogram("gen_ai.client.operation.time_to_first_chunk", "s",
          "Time to receive the first chunk of a streamed response, from the start of the call.", DURATION_BUCKETS);
      timePerOutputChunk = Telemetry.histogram("gen_ai.client.operation.time_per_output_chunk", "s",
          "Time between consecutive chunks of a streamed response, after the first.", DURATION_BUCKETS);
      tokenUsage = Telemetry.wholeHistogram("gen_ai.client.token.usage", "{token}", "Number of input and output tokens used.", TOKEN_BUCKETS);
      tokens = Telemetry.counter("earshot.openai.tokens", "{token}", "Tokens used, by type (input, output) and modality (text, audio).");
      remainingRequests = Telemetry.gauge("earshot.openai.rate_limit.remaining_requests", "{request}",
          "Requests left in the current rate-limit window (x-ratelimit-remaining-requests of the last response).");
      remainingTokens = Telemetry.gauge("earshot.openai.rate_limit.remaining_tokens", "{token}",
          "Tokens left in the current rate-limit window (x-ratelimit-remaining-tokens of the last response).");
      rateLimitExceeded = Telemetry.counter("earshot.openai.rate_limit.exceeded", "{response}", "HTTP 429 responses from the OpenAI API, retried or not.");
      retries = Telemetry.counter("earshot.openai.retries", "{retry}", "Attempts the OpenAI SDK made after the first one of a call.");
    }
  }

  private static final Instruments instruments = new Instruments();

  private static final String[] STATUS_NAMES = new String[600];

  static {
    for (int i = 100; i < STATUS_NAMES.length; i++) {
      STATUS_NAMES[i] = Integer.toString(i);
    }
  }

  private GenAiMetrics() {}

  static Instruments instruments() {
    return instruments;
  }

  /** {@code error.type} of an HTTP status. */
  static String statusErrorType(int status) {
    return status >= 100 && status < STATUS_NAMES.length ? STATUS_NAMES[status] : "_OTHER";
  }

  /**
   * The attribute sets of one combination of operation, models, server and error: built once, so a
   * call of an already-seen kind builds no attributes. Bounded: label values are bounded, and past
   * {@link #MAX_CACHED_COMBINATIONS} combinations sets are built per call.
   */
  static final class CallAttributes {
    private static final int INPUT = 0;
    private static final int OUTPUT = 1;

    final Attributes call;
    /** [input|output][total, text, audio] */
    private final Attributes[][] tokens = new Attributes[2][3];

    CallAttributes(Attributes call) {
      this.call = call;
    }

    /** @param modality null for the total, else "text" or "audio" */
    Attributes tokens(String type, String modality) {
      int t = type.equals("input") ? INPUT : OUTPUT;
      int m = modality == null ? 0 : modality.equals("text") ? 1 : 2;
      Attributes cached = tokens[t][m];
      if (cached == null) {
        io.opentelemetry.api.common.AttributesBuilder builder = call.toBuilder().put(TOKEN_TYPE, type);
        if (modality != null) {
          builder.put(TOKEN_MODALITY, modality);
        }
        // Racy publication of an immutable value: at worst built twice.
        tokens[t][m] = cached = builder.build();
      }
      return cached;
    }
  }

  private record CallKey(String operation, String requestModel, String responseModel, String serverAddress, int serverPort, String errorType) {}

  static final int MAX_CACHED_COMBINATIONS = 1000;
  private static final java.util.concurrent.ConcurrentHashMap<CallKey, CallAttributes> callAttributes =
      new java.util.concurrent.ConcurrentHashMap<>();

  static CallAttributes attributesOf(String operation, String requestModel, String responseModel, String serverAddress, int serverPort, String errorType) {
    CallKey key = new CallKey(operation, requestModel, responseModel, serverAddress, serverPort, errorType);
    CallAttributes cached = callAttributes.get(key);
    if (cached != null) {
      return cached;
    }
    CallAttributes built = new CallAttributes(callAttributes(operation, requestModel, responseModel, serverAddress, serverPort, errorType));
    if (callAttributes.size() < MAX_CACHED_COMBINATIONS) {
      CallAttributes previous = callAttributes.putIfAbsent(key, built);
      return previous != null ? previous : built;
    }
    return built;
  }

  static Attributes callAttributes(String operation, String requestModel, String responseModel, String serverAddress, int serverPort, String errorType) {
    AttributesBuilder builder = Attributes.builder()
        .put(OPERATION, operation)
        .put(PROVIDER, PROVIDER_OPENAI);
    if (requestModel != null) {
      builder.put(REQUEST_MODEL, requestModel);
    }
    if (responseModel != null) {
      builder.put(RESPONSE_MODEL, responseModel);
    }
    if (serverAddress != null) {
      builder.put(SERVER_ADDRESS, serverAddress);
      if (serverPort > 0) {
        builder.put(SERVER_PORT, (long) serverPort);
      }
    }
    if (errorType != null) {
      builder.put(ERROR_TYPE, errorType);
    }
    return builder.build();
  }

  /**
   * Token usage reported outside an HTTP call (a Realtime {@code response.done}): the same
   * {@code gen_ai.client.token.usage} and {@code earshot.openai.tokens} records as a call's.
   */
  public static void recordUsage(String operation, String requestModel, String responseModel, String serverAddress, int serverPort,
      ResponseScanner usage) {
    Instruments i = instruments;
    if (usage == null) {
      return;
    }
    recordTokens(i, usage, attributesOf(operation, ModelNames.bounded(requestModel), ModelNames.bounded(responseModel), serverAddress,
        serverPort, null));
  }

  static void recordTokens(Instruments i, ResponseScanner s, CallAttributes call) {
    if (s.inputTokens >= 0) {
      recordTokens(i, "input", s.inputTokens, s.inputAudioTokens, s.inputTextTokens, call);
    }
    if (s.outputTokens >= 0) {
      recordTokens(i, "output", s.outputTokens, s.outputAudioTokens, s.outputTextTokens, call);
    }
  }

  private static void recordTokens(Instruments i, String type, long total, long audio, long text, CallAttributes call) {
    i.tokenUsage.record(total, call.tokens(type, null));
    long audioTokens = audio > 0 ? Math.min(audio, total) : 0;
    long textTokens = text >= 0 ? Math.min(text, total - audioTokens) : total - audioTokens;
    if (textTokens > 0) {
      i.tokens.add(textTokens, call.tokens(type, "text"));
    }
    if (audioTokens > 0) {
      i.tokens.add(audioTokens, call.tokens(type, "audio"));
    }
  }

  /**
   * One HTTP exchange with the API: a call's single attempt, or one attempt of an SDK call that
   * retries. Rate-limit headroom, 429s and retries are per attempt.
   *
   * @param status the response status, or -1 when the attempt failed without one
   * @param remainingRequests the {@code x-ratelimit-remaining-requests} header, or null
   * @param remainingTokens the {@code x-ratelimit-remaining-tokens} header, or null
   * @param retry whether the SDK made this attempt after a failed one
   */
  public static void attempt(String operation, String requestModel, String serverAddress, int status,
      String remainingRequests, String remainingTokens, boolean retry) {
    Instruments i = instruments;
    String model = ModelNames.bounded(requestModel);
    long requests = parseCount(remainingRequests);
    long tokens = parseCount(remainingTokens);
    if (requests >= 0 || tokens >= 0) {
      Attributes gauge = gaugeAttributes(model, serverAddress);
      if (requests >= 0) {
        i.remainingRequests.set(requests, gauge);
      }
      if (tokens >= 0) {
        i.remainingTokens.set(tokens, gauge);
      }
    }
    if (status == 429 || retry) {
      Attributes counted = countAttributes(operation, model, serverAddress);
      if (status == 429) {
        i.rateLimitExceeded.add(1, counted);
      }
      if (retry) {
        i.retries.add(1, counted);
      }
    }
  }

  private static Attributes gaugeAttributes(String model, String serverAddress) {
    AttributesBuilder builder = Attributes.builder();
    if (model != null) {
      builder.put(REQUEST_MODEL, model);
    }
    if (serverAddress != null) {
      builder.put(SERVER_ADDRESS, serverAddress);
    }
    return builder.build();
  }

  private static Attributes countAttributes(String operation, String model, String serverAddress) {
    AttributesBuilder builder = Attributes.builder().put(OPERATION, operation).put(PROVIDER, PROVIDER_OPENAI);
    if (model != null) {
      builder.put(REQUEST_MODEL, model);
    }
    if (serverAddress != null) {
      builder.put(SERVER_ADDRESS, serverAddress);
    }
    return builder.build();
  }

  /** A non-negative whole number, else -1. */
  static long parseCount(String value) {
    if (value == null) {
      return -1;
    }
    int length = value.length();
    int start = 0;
    while (start < length && value.charAt(start) == ' ') {
      start++;
    }
    if (start == length || length - start > 18) {
      return -1;
    }
    long n = 0;
    for (int k = start; k < length; k++) {
      char c = value.charAt(k);
      if (c < '0' || c > '9') {
        return -1;
      }
      n = n * 10 + (c - '0');
    }
    return n;
  }
}
