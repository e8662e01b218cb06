package dev.earshot.sample.openai;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.Timeout;
import com.openai.core.http.StreamResponse;
import com.openai.errors.OpenAIException;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.chat.completions.ChatCompletionStreamOptions;
import com.openai.models.realtime.RealtimeAudioConfig;
import com.openai.models.realtime.RealtimeAudioConfigOutput;
import com.openai.models.realtime.RealtimeSessionCreateRequest;
import com.openai.models.realtime.clientsecrets.ClientSecretCreateParams;
import com.openai.models.realtime.clientsecrets.ClientSecretCreateResponse;
import dev.earshot.sample.openai.simulator.OpenAiSimulator;
import dev.earshot.sample.openai.simulator.SimulatorOptions;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The assistant's language model: one official OpenAI SDK client ({@code openai-java} with its
 * OkHttp transport) shared by every feature that calls OpenAI, plus, when there is no API key, the
 * in-process {@link OpenAiSimulator} it talks to.
 *
 * <p>The client is built once at startup. With {@code OPENAI_API_KEY} it is configured the SDK's
 * way ({@code OpenAIOkHttpClient.builder().fromEnv()}: {@code OPENAI_BASE_URL}, {@code
 * OPENAI_ORG_ID}, {@code OPENAI_PROJECT_ID}, ...); without one (or with {@code --simulator}) it
 * gets the simulator's URL and a dummy key and nothing from the environment. Later features
 * (transcription, speech, the realtime WebSocket) use {@link #client()}.
 */
public final class AssistantLlm implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(AssistantLlm.class);

  /** What the in-process client sends as its key; the simulator accepts any non-empty key. */
  static final String SIMULATOR_API_KEY = "sk-earshot-simulator";

  static final String SYSTEM_PROMPT =
      "You are Earshot's sample voice assistant. Answer in one or two short sentences that sound"
          + " natural when spoken aloud.";

  /** A realtime client secret's lifetime; OpenAI allows 10 s to 2 h and defaults to 10 min. */
  static final long CLIENT_SECRET_TTL_SECONDS = 600;

  /** Voice answers are short; this also bounds what one chat request can cost. */
  static final long MAX_COMPLETION_TOKENS = 512;

  private final OpenAIClient client;
  private final OpenAiSimulator simulator;
  private final OpenAiSettings settings;
  private final AtomicBoolean closed = new AtomicBoolean();

  private AssistantLlm(OpenAIClient client, OpenAiSimulator simulator, OpenAiSettings settings) {
    this.client = client;
    this.simulator = simulator;
    this.settings = settings;
  }

  /**
   * Builds the client; starts the in-process simulator first when the settings ask for it (no key,
   * or {@code --simulator}) and logs one line saying so.
   */
  public static AssistantLlm create(OpenAiSettings settings) {
    Objects.requireNonNull(settings, "settings");
    Timeout timeout =
        Timeout.builder()
            .connect(min(settings.timeout(), Duration.ofSeconds(10)))
            .read(settings.timeout())
            .write(settings.timeout())
            .request(settings.timeout())
            .build();
    OpenAIOkHttpClient.Builder builder =
        OpenAIOkHttpClient.builder().maxRetries(settings.maxRetries()).timeout(timeout);
    OpenAiSimulator simulator = null;
    if (settings.usesSimulator()) {
      simulator =
          OpenAiSimulator.start(
              new SimulatorOptions(
                  SimulatorOptions.DEFAULT_HOST, settings.simulatorPort(), settings.simulatorConfig()));
      builder.apiKey(SIMULATOR_API_KEY).baseUrl(simulator.baseUrl());
      LOG.info(
          "{}: using the in-process OpenAI simulator at {} (admin {})",
          settings.forceSimulator() ? "--simulator given" : "OPENAI_API_KEY is not set",
          simulator.baseUrl(),
          simulator.adminUrl());
    } else {
      builder.fromEnv().apiKey(settings.apiKey());
      if (settings.baseUrl() != null) {
        builder.baseUrl(settings.baseUrl());
      }
    }
    try {
      return new AssistantLlm(builder.build(), simulator, settings);
    } catch (RuntimeException e) {
      if (simulator != null) {
        simulator.close();
      }
      throw e;
    }
  }

  /** The shared SDK client. */
  public OpenAIClient client() {
    return client;
  }

  /** The in-process simulator, when the assistant runs against one. */
  public Optional<OpenAiSimulator> simulator() {
    return Optional.ofNullable(simulator);
  }

  public String model() {
    return settings.model();
  }

  /** An ephemeral key a browser can open a realtime session with. */
  public record RealtimeClientSecret(String value, long expiresAt) {}

  /**
   * Mints a realtime client secret through {@code client.realtime().clientSecrets().create(...)}
   * for a session of the realtime model speaking with {@code voice}.
   *
   * @throws LlmUnavailableException if OpenAI cannot be reached or refuses
   */
  public RealtimeClientSecret createRealtimeClientSecret(String voice) {
    ClientSecretCreateParams params =
        ClientSecretCreateParams.builder()
            .expiresAfter(
                ClientSecretCreateParams.ExpiresAfter.builder()
                    .anchor(ClientSecretCreateParams.ExpiresAfter.Anchor.CREATED_AT)
                    .seconds(CLIENT_SECRET_TTL_SECONDS)
                    .build())
            .session(
                RealtimeSessionCreateRequest.builder()
                    .model(settings.realtimeModel())
                    .instructions(SYSTEM_PROMPT)
                    .audio(
                        RealtimeAudioConfig.builder()
                            .output(RealtimeAudioConfigOutput.builder().voice(voice).build())
                            .build())
                    .build())
            .build();
    try {
      ClientSecretCreateResponse response = client.realtime().clientSecrets().create(params);
      return new RealtimeClientSecret(response.value(), response.expiresAt());
    } catch (OpenAIException e) {
      throw LlmUnavailableException.from(e);
    }
  }

  /**
   * Starts streaming the model's answer to {@code userMessage} (with usage in the last chunk).
   * The caller must close the returned stream; closing it early abandons the HTTP response.
   *
   * @throws LlmUnavailableException if the request fails before the first byte of the answer
   *     (after the SDK's retries); failures while reading the stream surface as {@link
   *     OpenAIException} from the stream itself
   */
  public StreamResponse<ChatCompletionChunk> streamChat(String userMessage) {
    ChatCompletionCreateParams params =
        ChatCompletionCreateParams.builder()
            .model(settings.model())
            .addSystemMessage(SYSTEM_PROMPT)
            .addUserMessage(userMessage)
            .maxCompletionTokens(MAX_COMPLETION_TOKENS)
            .streamOptions(ChatCompletionStreamOptions.builder().includeUsage(true).build())
            .build();
    try {
      return client.chat().completions().createStreaming(params);
    } catch (OpenAIException e) {
      throw LlmUnavailableException.from(e);
    }
  }

  /** Closes the SDK client (its connection pool and threads) and stops the simulator, if any. */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    try {
      client.close();
    } finally {
      if (simulator != null) {
        simulator.close();
      }
    }
  }

  private static Duration min(Duration a, Duration b) {
    return a.compareTo(b) <= 0 ? a : b;
  }
}
