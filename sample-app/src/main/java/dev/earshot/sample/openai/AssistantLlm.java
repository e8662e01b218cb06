package dev.earshot.sample.openai;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.MultipartField;
import com.openai.core.Timeout;
import com.openai.core.http.HttpResponse;
import com.openai.core.http.StreamResponse;
import com.openai.errors.OpenAIException;
import com.openai.models.audio.speech.SpeechCreateParams;
import com.openai.models.audio.transcriptions.Transcription;
import com.openai.models.audio.transcriptions.TranscriptionCreateParams;
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
import java.io.ByteArrayInputStream;
import java.io.InputStream;
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

  /** Reports usage in tokens (whisper-1 reports seconds), which the voice pipeline passes on. */
  public static final String TRANSCRIPTION_MODEL = "gpt-4o-mini-transcribe";

  public static final String SPEECH_MODEL = "gpt-4o-mini-tts";

  /** OpenAI's default base URL, as the SDK uses it when none is configured. */
  public static final String DEFAULT_BASE_URL = "https://api.openai.com/v1";

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

  /**
   * Transcribes one utterance ({@code wav}: a complete WAV file) through {@code
   * client.audio().transcriptions().create(...)}. The upload is named {@code utterance.wav}:
   * OpenAI detects the audio format from the file name.
   *
   * @throws LlmUnavailableException if OpenAI cannot be reached or refuses
   */
  public Transcription transcribe(byte[] wav) {
    TranscriptionCreateParams params =
        TranscriptionCreateParams.builder()
            .file(
                MultipartField.<InputStream>builder()
                    .value(new ByteArrayInputStream(wav))
                    .filename("utterance.wav")
                    .contentType("audio/wav")
                    .build())
            .model(TRANSCRIPTION_MODEL)
            .build();
    try {
      return client.audio().transcriptions().create(params).asTranscription();
    } catch (OpenAIException e) {
      throw LlmUnavailableException.from(e);
    }
  }

  /**
   * Starts speaking {@code text} through {@code client.audio().speech().create(...)} as raw PCM
   * (24 kHz, 16-bit little-endian mono). The body streams as OpenAI produces it, so playback can
   * start before the whole sentence is synthesised; the caller must close the response, which
   * abandons the rest.
   *
   * @throws LlmUnavailableException if OpenAI cannot be reached or refuses
   */
  public HttpResponse speak(String text, String voice) {
    SpeechCreateParams params =
        SpeechCreateParams.builder()
            .model(SPEECH_MODEL)
            .input(text)
            .voice(voice)
            .responseFormat(SpeechCreateParams.ResponseFormat.PCM)
            .build();
    try {
      return client.audio().speech().create(params);
    } catch (OpenAIException e) {
      throw LlmUnavailableException.from(e);
    }
  }

  /**
   * The base URL of the OpenAI the assistant talks to: {@code OPENAI_BASE_URL} when set, else the
   * in-process simulator when it runs, else {@link #DEFAULT_BASE_URL}. The realtime relay derives
   * its WebSocket URL from it (so a base URL without a key, e.g. a test's fake server, works too).
   */
  public String baseUrl() {
    if (settings.baseUrl() != null) {
      return settings.baseUrl();
    }
    return simulator != null ? simulator.baseUrl() : DEFAULT_BASE_URL;
  }

  /** The key for {@link #baseUrl()}: the configured one, or the simulator's dummy key. */
  public String apiKey() {
    return settings.apiKey() != null ? settings.apiKey() : SIMULATOR_API_KEY;
  }

  public String realtimeModel() {
    return settings.realtimeModel();
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
