package dev.earshot.sample;

import dev.earshot.sample.openai.OpenAiSettings;
import dev.earshot.sample.openai.simulator.SimulatorConfig;
import dev.earshot.sample.voice.RealtimeSettings;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * Runtime settings of the sample assistant, resolved from command-line arguments first, then
 * environment variables, then defaults.
 *
 * <p>Arguments win over the environment so that a test harness or a demo script can override
 * whatever a container or shell happens to export. Both {@code --name value} and
 * {@code --name=value} forms are accepted.
 *
 * @param host bind address ({@code --host} / {@code HOST}, default {@code 0.0.0.0})
 * @param port listen port ({@code --port} / {@code PORT}, default 8080; 0 picks a free port)
 * @param sessionRateLimit session creations allowed per client per window
 *     ({@code --session-rate-limit} / {@code SESSION_RATE_LIMIT}, default 20)
 * @param sessionRateWindow length of the rate-limit window
 *     ({@code --session-rate-window-seconds} / {@code SESSION_RATE_WINDOW_SECONDS}, default 10 s)
 * @param trustForwardedFor whether the client address may be taken from {@code X-Forwarded-For}
 *     ({@code --trust-forwarded} flag only, default off: the header is trivially spoofable)
 * @param openAi how the assistant calls OpenAI (see {@link OpenAiSettings}): without {@code
 *     OPENAI_API_KEY}, or with {@code --simulator}, against the in-process OpenAI simulator
 * @param realtime the {@code /ws/realtime} voice conversation (see {@link RealtimeSettings})
 */
public record SampleAssistantConfig(
    String host,
    int port,
    int sessionRateLimit,
    Duration sessionRateWindow,
    boolean trustForwardedFor,
    OpenAiSettings openAi,
    RealtimeSettings realtime) {

  public static final String DEFAULT_HOST = "0.0.0.0";
  public static final int DEFAULT_PORT = 8080;
  public static final int DEFAULT_SESSION_RATE_LIMIT = 20;
  public static final int DEFAULT_SESSION_RATE_WINDOW_SECONDS = 10;

  public static final String USAGE =
      String.join(
          System.lineSeparator(),
          "Usage: java -jar earshot-sample-app.jar [options]",
          "  --port N                          listen port, 0 = any free port (env PORT, default 8080)",
          "  --host ADDR                       bind address (env HOST, default 0.0.0.0)",
          "  --session-rate-limit N            session creations per client per window"
              + " (env SESSION_RATE_LIMIT, default 20)",
          "  --session-rate-window-seconds S   rate-limit window in seconds"
              + " (env SESSION_RATE_WINDOW_SECONDS, default 10)",
          "  --trust-forwarded                 identify clients by X-Forwarded-For"
              + " (only behind a trusted proxy)",
          "",
          "OpenAI (the official SDK; OPENAI_API_KEY and OPENAI_BASE_URL as the SDK reads them;",
          "without OPENAI_API_KEY the app starts an in-process OpenAI simulator, configured by",
          "OPENAI_SIM_* variables, and uses it):",
          "  --simulator                       use the in-process simulator even with a key",
          "  --simulator-port N                port of the in-process simulator (default 0 = any free)",
          "  --model NAME                      chat model (env OPENAI_MODEL, default gpt-4o-mini)",
          "  --realtime-model NAME             model of realtime sessions"
              + " (env OPENAI_REALTIME_MODEL, default gpt-realtime)",
          "  --openai-timeout-seconds S        timeout of one OpenAI call"
              + " (env OPENAI_TIMEOUT_SECONDS, default 60)",
          "  --openai-max-retries N            retries of the SDK (env OPENAI_MAX_RETRIES, default 2)",
          "  --rt-token-rate-limit N           realtime tokens per client per window"
              + " (env RT_TOKEN_RATE_LIMIT, default 20)",
          "  --rt-token-rate-window-seconds S  its window (env RT_TOKEN_RATE_WINDOW_SECONDS, default 10)",
          "",
          "Realtime voice conversation (WebSocket /ws/realtime, OpenAI Realtime events):",
          "  --realtime MODE                   local = the assistant's own pipeline (VAD, transcription,",
          "                                    chat, speech through the SDK); relay = relay frames to the",
          "                                    OpenAI Realtime WebSocket of OPENAI_BASE_URL"
              + " (env REALTIME_MODE, default local)",
          "  --realtime-max-sessions N         concurrent sessions, more are closed with 1013"
              + " (env REALTIME_MAX_SESSIONS, default 64)",
          "  --realtime-max-utterance-seconds S  longest user turn (env REALTIME_MAX_UTTERANCE_SECONDS,"
              + " default 30)",
          "  --realtime-workers N              threads for the SDK calls of all sessions"
              + " (env REALTIME_WORKERS, default 8)",
          "  --help                            show this help");

  public SampleAssistantConfig {
    Objects.requireNonNull(host, "host");
    Objects.requireNonNull(sessionRateWindow, "sessionRateWindow");
    Objects.requireNonNull(openAi, "openAi");
    Objects.requireNonNull(realtime, "realtime");
    if (host.isBlank()) {
      throw new IllegalArgumentException("host must not be blank");
    }
    if (port < 0 || port > 65_535) {
      throw new IllegalArgumentException("port must be between 0 and 65535, was " + port);
    }
    if (sessionRateLimit < 1) {
      throw new IllegalArgumentException("session rate limit must be at least 1, was " + sessionRateLimit);
    }
    if (sessionRateWindow.isNegative() || sessionRateWindow.isZero()) {
      throw new IllegalArgumentException("session rate window must be positive, was " + sessionRateWindow);
    }
  }

  /** These settings with {@link RealtimeSettings#defaults()}. */
  public SampleAssistantConfig(
      String host, int port, int sessionRateLimit, Duration sessionRateWindow, boolean trustForwardedFor,
      OpenAiSettings openAi) {
    this(host, port, sessionRateLimit, sessionRateWindow, trustForwardedFor, openAi, RealtimeSettings.defaults());
  }

  /** The HTTP settings with {@link OpenAiSettings#defaults()} (the in-process simulator). */
  public SampleAssistantConfig(
      String host, int port, int sessionRateLimit, Duration sessionRateWindow, boolean trustForwardedFor) {
    this(host, port, sessionRateLimit, sessionRateWindow, trustForwardedFor, OpenAiSettings.defaults());
  }

  /** All defaults; handy for tests that then change one setting with a {@code with...} method. */
  public static SampleAssistantConfig defaults() {
    return new SampleAssistantConfig(
        DEFAULT_HOST,
        DEFAULT_PORT,
        DEFAULT_SESSION_RATE_LIMIT,
        Duration.ofSeconds(DEFAULT_SESSION_RATE_WINDOW_SECONDS),
        false);
  }

  /**
   * Resolves the configuration.
   *
   * @throws HelpRequestedException if {@code --help} or {@code -h} is present
   * @throws IllegalArgumentException on unknown options or invalid values; the message says which
   */
  public static SampleAssistantConfig resolve(String[] args, Map<String, String> env) {
    String host = env.getOrDefault("HOST", DEFAULT_HOST);
    int port = intFromEnv(env, "PORT", DEFAULT_PORT);
    int rateLimit = intFromEnv(env, "SESSION_RATE_LIMIT", DEFAULT_SESSION_RATE_LIMIT);
    int windowSeconds =
        intFromEnv(env, "SESSION_RATE_WINDOW_SECONDS", DEFAULT_SESSION_RATE_WINDOW_SECONDS);
    boolean trustForwarded = false;
    // OpenAI: the key and base URL as the SDK reads them (system property first, then env).
    String apiKey = sdkSetting("openai.apiKey", env, "OPENAI_API_KEY");
    String baseUrl = sdkSetting("openai.baseUrl", env, "OPENAI_BASE_URL");
    boolean simulator = false;
    int simulatorPort = 0;
    String model = env.getOrDefault("OPENAI_MODEL", OpenAiSettings.DEFAULT_MODEL);
    String realtimeModel = env.getOrDefault("OPENAI_REALTIME_MODEL", OpenAiSettings.DEFAULT_REALTIME_MODEL);
    int timeoutSeconds = intFromEnv(env, "OPENAI_TIMEOUT_SECONDS", OpenAiSettings.DEFAULT_TIMEOUT_SECONDS);
    int maxRetries = intFromEnv(env, "OPENAI_MAX_RETRIES", OpenAiSettings.DEFAULT_MAX_RETRIES);
    int rtTokenLimit = intFromEnv(env, "RT_TOKEN_RATE_LIMIT", OpenAiSettings.DEFAULT_REALTIME_TOKEN_RATE_LIMIT);
    int rtTokenWindowSeconds =
        intFromEnv(env, "RT_TOKEN_RATE_WINDOW_SECONDS", OpenAiSettings.DEFAULT_REALTIME_TOKEN_RATE_WINDOW_SECONDS);
    String realtimeMode = env.getOrDefault("REALTIME_MODE", "local");
    int realtimeMaxSessions = intFromEnv(env, "REALTIME_MAX_SESSIONS", RealtimeSettings.DEFAULT_MAX_SESSIONS);
    int realtimeMaxUtteranceSeconds =
        intFromEnv(env, "REALTIME_MAX_UTTERANCE_SECONDS", RealtimeSettings.DEFAULT_MAX_UTTERANCE_SECONDS);
    int realtimeWorkers = intFromEnv(env, "REALTIME_WORKERS", RealtimeSettings.DEFAULT_WORKERS);

    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      String name = arg;
      String inlineValue = null;
      int equals = arg.indexOf('=');
      if (arg.startsWith("--") && equals > 0) {
        name = arg.substring(0, equals);
        inlineValue = arg.substring(equals + 1);
      }
      switch (name) {
        case "--help", "-h" -> throw new HelpRequestedException();
        case "--trust-forwarded", "--simulator" -> {
          if (inlineValue != null) {
            throw new IllegalArgumentException(name + " takes no value");
          }
          if (name.equals("--simulator")) {
            simulator = true;
          } else {
            trustForwarded = true;
          }
        }
        case "--host", "--port", "--session-rate-limit", "--session-rate-window-seconds",
            "--simulator-port", "--model", "--realtime-model", "--openai-timeout-seconds",
            "--openai-max-retries", "--rt-token-rate-limit", "--rt-token-rate-window-seconds",
            "--realtime", "--realtime-max-sessions", "--realtime-max-utterance-seconds",
            "--realtime-workers" -> {
          String value = inlineValue;
          if (value == null) {
            if (i + 1 >= args.length) {
              throw new IllegalArgumentException(name + " needs a value");
            }
            value = args[++i];
          }
          switch (name) {
            case "--host" -> host = value;
            case "--port" -> port = parseInt(name, value);
            case "--session-rate-limit" -> rateLimit = parseInt(name, value);
            case "--session-rate-window-seconds" -> windowSeconds = parseInt(name, value);
            case "--simulator-port" -> simulatorPort = parseInt(name, value);
            case "--model" -> model = value;
            case "--realtime-model" -> realtimeModel = value;
            case "--openai-timeout-seconds" -> timeoutSeconds = parseInt(name, value);
            case "--openai-max-retries" -> maxRetries = parseInt(name, value);
            case "--rt-token-rate-limit" -> rtTokenLimit = parseInt(name, value);
            case "--realtime" -> realtimeMode = value;
            case "--realtime-max-sessions" -> realtimeMaxSessions = parseInt(name, value);
            case "--realtime-max-utterance-seconds" -> realtimeMaxUtteranceSeconds = parseInt(name, value);
            case "--realtime-workers" -> realtimeWorkers = parseInt(name, value);
            default -> rtTokenWindowSeconds = parseInt(name, value);
          }
        }
        default -> throw new IllegalArgumentException("unknown argument: " + arg);
      }
    }
    if (windowSeconds < 1) {
      throw new IllegalArgumentException(
          "session rate window must be at least 1 second, was " + windowSeconds);
    }
    if (timeoutSeconds < 1) {
      throw new IllegalArgumentException("OpenAI timeout must be at least 1 second, was " + timeoutSeconds);
    }
    if (rtTokenWindowSeconds < 1) {
      throw new IllegalArgumentException(
          "realtime token rate window must be at least 1 second, was " + rtTokenWindowSeconds);
    }
    OpenAiSettings openAi =
        new OpenAiSettings(
            apiKey,
            baseUrl,
            simulator,
            simulatorPort,
            SimulatorConfig.fromEnv(env),
            model,
            realtimeModel,
            Duration.ofSeconds(timeoutSeconds),
            maxRetries,
            rtTokenLimit,
            Duration.ofSeconds(rtTokenWindowSeconds));
    RealtimeSettings realtime =
        new RealtimeSettings(
            RealtimeSettings.Mode.parse(realtimeMode),
            realtimeMaxSessions,
            Duration.ofSeconds(realtimeMaxUtteranceSeconds),
            realtimeWorkers);
    return new SampleAssistantConfig(
        host, port, rateLimit, Duration.ofSeconds(windowSeconds), trustForwarded, openAi, realtime);
  }

  public SampleAssistantConfig withHost(String newHost) {
    return new SampleAssistantConfig(newHost, port, sessionRateLimit, sessionRateWindow, trustForwardedFor, openAi, realtime);
  }

  public SampleAssistantConfig withPort(int newPort) {
    return new SampleAssistantConfig(host, newPort, sessionRateLimit, sessionRateWindow, trustForwardedFor, openAi, realtime);
  }

  public SampleAssistantConfig withSessionRateLimit(int limit, Duration window) {
    return new SampleAssistantConfig(host, port, limit, window, trustForwardedFor, openAi, realtime);
  }

  public SampleAssistantConfig withTrustForwardedFor(boolean trust) {
    return new SampleAssistantConfig(host, port, sessionRateLimit, sessionRateWindow, trust, openAi, realtime);
  }

  public SampleAssistantConfig withOpenAi(OpenAiSettings settings) {
    return new SampleAssistantConfig(host, port, sessionRateLimit, sessionRateWindow, trustForwardedFor, settings, realtime);
  }

  public SampleAssistantConfig withRealtime(RealtimeSettings settings) {
    return new SampleAssistantConfig(host, port, sessionRateLimit, sessionRateWindow, trustForwardedFor, openAi, settings);
  }

  private static String sdkSetting(String property, Map<String, String> env, String variable) {
    String value = System.getProperty(property);
    return value != null && !value.isBlank() ? value : env.get(variable);
  }

  private static int intFromEnv(Map<String, String> env, String name, int defaultValue) {
    String value = env.get(name);
    return value == null || value.isBlank() ? defaultValue : parseInt("env " + name, value);
  }

  private static int parseInt(String source, String value) {
    try {
      return Integer.parseInt(value.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(source + " must be an integer, was '" + value + "'");
    }
  }

  /** Signals that the user asked for the usage text rather than a running server. */
  public static final class HelpRequestedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    HelpRequestedException() {
      super("help requested", null, false, false);
    }
  }
}
