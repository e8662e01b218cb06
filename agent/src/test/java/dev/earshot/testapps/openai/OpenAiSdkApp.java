package dev.earshot.testapps.openai;

import com.openai.client.OpenAIClient;
import com.openai.client.OpenAIClientAsync;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.client.okhttp.OpenAIOkHttpClientAsync;
import com.openai.core.http.AsyncStreamResponse;
import com.openai.core.http.HttpResponse;
import com.openai.core.http.HttpResponseFor;
import com.openai.core.http.StreamResponse;
import com.openai.errors.OpenAIServiceException;
import com.openai.models.audio.speech.SpeechCreateParams;
import com.openai.models.audio.transcriptions.Transcription;
import com.openai.models.audio.transcriptions.TranscriptionCreateParams;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionAudioParam;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.chat.completions.ChatCompletionStreamOptions;
import com.openai.models.completions.CompletionUsage;
import com.openai.models.embeddings.CreateEmbeddingResponse;
import com.openai.models.embeddings.EmbeddingCreateParams;
import com.openai.models.models.ModelListPage;
import com.openai.models.responses.Response;
import com.openai.models.responses.ResponseCreateParams;
import com.openai.models.responses.ResponseStreamEvent;
import com.openai.models.responses.ResponseUsage;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * An application of the official OpenAI Java SDK (OkHttp client), no agent awareness.
 *
 * <p>Arguments: the API base URL (the simulator's {@code http://127.0.0.1:P/v1}) and the scenarios
 * to run at once. Every further line on standard input names one more scenario. Each result is
 * one line ({@code chat model=... input=12 output=8}); a scenario ends with {@code SCENARIO DONE
 * <name>}. The application then stays alive so its metrics can be scraped. The API key comes from
 * the environment ({@code TEST_OPENAI_API_KEY}, default {@code sk-test}) and a prompt suffix from
 * {@code TEST_PROMPT_SUFFIX}: neither is ever printed.
 *
 * <p>Only SDK methods that exist in both openai-java 3.7.1 and 4.x are used by the scenarios
 * {@code chat-sync}, {@code chat-stream}, {@code embeddings} and {@code retry} (OpenAiSdk3IT runs
 * them on 3.7.1).
 */
public final class OpenAiSdkApp {

  private static String baseUrl;
  private static String apiKey;
  private static String prompt;
  private static final Map<Integer, OpenAIClient> CLIENTS = new ConcurrentHashMap<>();
  private static OpenAIClientAsync asyncClient;

  public static void main(String[] args) throws Exception {
    baseUrl = args[0];
    apiKey = Optional.ofNullable(System.getenv("TEST_OPENAI_API_KEY")).orElse("sk-test");
    prompt = "Say something short about the weather. " + Optional.ofNullable(System.getenv("TEST_PROMPT_SUFFIX")).orElse("");
    for (int i = 1; i < args.length; i++) {
      run(args[i]);
    }
    BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    for (String line; (line = in.readLine()) != null; ) {
      if (!line.isBlank()) {
        run(line.trim());
      }
    }
    Thread.sleep(Long.MAX_VALUE); // stdin closed: stay alive for the scrapes
  }

  private static void run(String scenario) {
    try {
      switch (scenario) {
        case "chat-sync" -> chatSync();
        case "chat-stream" -> chatStream("gpt-4.1", "stream");
        case "chat-async" -> chatAsync();
        case "responses" -> responses();
        case "embeddings" -> embeddings();
        case "audio" -> audio();
        case "spoken-chat" -> spokenChat();
        case "realtime" -> realtime();
        case "models" -> models();
        case "abandoned" -> abandoned();
        case "retry" -> retry();
        case "error500" -> failing("o3", "error500");
        case "error429" -> failing("o1", "error429");
        case "ttft" -> ttft();
        case "ratelimit" -> rateLimit();
        default -> System.out.println("unknown scenario " + scenario);
      }
    } catch (RuntimeException e) {
      // The class only: an SDK message may quote the request.
      System.out.println("scenario failed: " + e.getClass().getName());
      e.printStackTrace(System.out);
    }
    System.out.println("SCENARIO DONE " + scenario);
    System.out.flush();
  }

  static OpenAIClient client(int maxRetries) {
    return CLIENTS.computeIfAbsent(maxRetries, retries ->
        OpenAIOkHttpClient.builder().baseUrl(baseUrl).apiKey(apiKey).maxRetries(retries).build());
  }

  static ChatCompletionCreateParams chatParams(String model) {
    return ChatCompletionCreateParams.builder().model(model).addUserMessage(prompt).build();
  }

  static ChatCompletionCreateParams streamParams(String model) {
    return ChatCompletionCreateParams.builder().model(model).addUserMessage(prompt)
        .streamOptions(ChatCompletionStreamOptions.builder().includeUsage(true).build()).build();
  }

  /** 3 x gpt-4o-mini, 2 x gpt-4o. */
  private static void chatSync() {
    for (String model : List.of("gpt-4o-mini", "gpt-4o-mini", "gpt-4o-mini", "gpt-4o", "gpt-4o")) {
      ChatCompletion completion = client(2).chat().completions().create(chatParams(model));
      CompletionUsage usage = completion.usage().orElseThrow();
      System.out.println("chat model=" + model + " responseModel=" + completion.model()
          + " input=" + usage.promptTokens() + " output=" + usage.completionTokens());
    }
  }

  /** One streamed chat completion with the usage chunk, consumed fully. */
  static void chatStream(String model, String label) {
    int chunks = 0;
    String responseModel = null;
    CompletionUsage usage = null;
    try (StreamResponse<ChatCompletionChunk> stream = client(2).chat().completions().createStreaming(streamParams(model))) {
      Iterator<ChatCompletionChunk> it = stream.stream().iterator();
      while (it.hasNext()) {
        ChatCompletionChunk chunk = it.next();
        chunks++;
        responseModel = chunk.model();
        if (chunk.usage().isPresent()) {
          usage = chunk.usage().get();
        }
      }
    }
    System.out.println(label + " model=" + model + " responseModel=" + responseModel + " chunks=" + chunks
        + " input=" + usage.promptTokens() + " output=" + usage.completionTokens());
  }

  private static synchronized OpenAIClientAsync asyncClient() {
    if (asyncClient == null) {
      asyncClient = OpenAIOkHttpClientAsync.builder().baseUrl(baseUrl).apiKey(apiKey).maxRetries(2).build();
    }
    return asyncClient;
  }

  /** An asynchronous completion (gpt-4.1-mini) and an asynchronous stream (gpt-4.1-nano). */
  private static void chatAsync() {
    ChatCompletion completion = asyncClient().chat().completions().create(chatParams("gpt-4.1-mini")).join();
    CompletionUsage usage = completion.usage().orElseThrow();
    System.out.println("async model=gpt-4.1-mini responseModel=" + completion.model()
        + " input=" + usage.promptTokens() + " output=" + usage.completionTokens());

    AtomicInteger chunks = new AtomicInteger();
    AtomicReference<CompletionUsage> streamUsage = new AtomicReference<>();
    AtomicReference<String> responseModel = new AtomicReference<>();
    AsyncStreamResponse<ChatCompletionChunk> stream = asyncClient().chat().completions().createStreaming(streamParams("gpt-4.1-nano"));
    stream.subscribe(chunk -> {
      chunks.incrementAndGet();
      responseModel.set(chunk.model());
      chunk.usage().ifPresent(streamUsage::set);
    }).onCompleteFuture().join();
    System.out.println("async-stream model=gpt-4.1-nano responseModel=" + responseModel.get() + " chunks=" + chunks.get()
        + " input=" + streamUsage.get().promptTokens() + " output=" + streamUsage.get().completionTokens());
  }

  /** Responses API: plain (gpt-5) and streamed (gpt-5-mini). */
  private static void responses() {
    Response response = client(2).responses().create(ResponseCreateParams.builder().model("gpt-5").input(prompt).build());
    ResponseUsage usage = response.usage().orElseThrow();
    System.out.println("responses model=gpt-5 responseModel=" + modelName(response)
        + " input=" + usage.inputTokens() + " output=" + usage.outputTokens());
    responsesStream("gpt-5-mini", "responses-stream");
  }

  static void responsesStream(String model, String label) {
    int events = 0;
    int deltas = 0;
    ResponseUsage usage = null;
    String responseModel = null;
    try (StreamResponse<ResponseStreamEvent> stream =
        client(2).responses().createStreaming(ResponseCreateParams.builder().model(model).input(prompt).build())) {
      Iterator<ResponseStreamEvent> it = stream.stream().iterator();
      while (it.hasNext()) {
        ResponseStreamEvent event = it.next();
        events++;
        if (event.isOutputTextDelta()) {
          deltas++;
        }
        if (event.isCompleted()) {
          Response done = event.asCompleted().response();
          usage = done.usage().orElseThrow();
          responseModel = modelName(done);
        }
      }
    }
    System.out.println(label + " model=" + model + " responseModel=" + responseModel + " chunks=" + events
        + " deltas=" + deltas + " input=" + usage.inputTokens() + " output=" + usage.outputTokens());
  }

  /** The answered model: a free string or one of the SDK's known chat / Responses-only models. */
  private static String modelName(Response response) {
    return response.model().string()
        .or(() -> response.model().chat().map(Object::toString))
        .or(() -> response.model().only().map(Object::toString))
        .orElse("?");
  }

  private static void embeddings() {
    CreateEmbeddingResponse response = client(2).embeddings().create(
        EmbeddingCreateParams.builder().model("text-embedding-3-small").input(prompt).build());
    System.out.println("embeddings model=text-embedding-3-small responseModel=" + response.model()
        + " input=" + response.usage().promptTokens() + " vectors=" + response.data().size());
  }

  /** Transcription (gpt-4o-transcribe, usage in tokens) and speech (tts-1, WAV, body read fully). */
  private static void audio() {
    Transcription transcription = client(2).audio().transcriptions().create(TranscriptionCreateParams.builder()
        .file(wav(1.0)).model("gpt-4o-transcribe").build()).asTranscription();
    Transcription.Usage.Tokens tokens = transcription.usage().orElseThrow().tokens().orElseThrow();
    long inputAudio = tokens.inputTokenDetails().flatMap(d -> d.audioTokens()).orElse(0L);
    System.out.println("transcription model=gpt-4o-transcribe input=" + tokens.inputTokens()
        + " inputAudio=" + inputAudio + " output=" + tokens.outputTokens());

    try (HttpResponse speech = client(2).audio().speech().create(SpeechCreateParams.builder()
        .model("tts-1").voice("alloy").input("Hello there.").responseFormat(SpeechCreateParams.ResponseFormat.WAV).build());
        InputStream body = speech.body()) {
      byte[] bytes = body.readAllBytes();
      System.out.println("speech model=tts-1 status=" + speech.statusCode() + " bytes=" + bytes.length
          + " riff=" + new String(bytes, 0, 4, StandardCharsets.US_ASCII));
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /** A chat completion answered in speech (gpt-4o-audio-preview): usage has audio output tokens. */
  private static void spokenChat() {
    ChatCompletion completion = client(2).chat().completions().create(ChatCompletionCreateParams.builder()
        .model("gpt-4o-audio-preview").addUserMessage(prompt)
        .addModality(ChatCompletionCreateParams.Modality.TEXT).addModality(ChatCompletionCreateParams.Modality.AUDIO)
        .audio(ChatCompletionAudioParam.builder().voice("alloy").format(ChatCompletionAudioParam.Format.WAV).build())
        .build());
    CompletionUsage usage = completion.usage().orElseThrow();
    long outputAudio = usage.completionTokensDetails().flatMap(d -> d.audioTokens()).orElse(0L);
    long inputAudio = usage.promptTokensDetails().flatMap(d -> d.audioTokens()).orElse(0L);
    System.out.println("spoken model=gpt-4o-audio-preview responseModel=" + completion.model() + " input=" + usage.promptTokens()
        + " inputAudio=" + inputAudio + " output=" + usage.completionTokens() + " outputAudio=" + outputAudio
        + " audio=" + completion.choices().get(0).message().audio().isPresent());
  }

  private static void realtime() {
    var secret = client(2).realtime().clientSecrets().create();
    System.out.println("realtime secret=" + (secret.value().startsWith("ek_") ? "ek" : "other"));
  }

  private static void models() {
    ModelListPage page = client(2).models().list();
    System.out.println("models listed=" + page.data().size());
  }

  /**
   * A stream (o3-mini) abandoned after two chunks: the application closes it. Prints what it saw of
   * each chunk (role, content, finish reason: the seeded answer, never the prompt).
   */
  private static void abandoned() {
    List<String> seen = new ArrayList<>();
    StreamResponse<ChatCompletionChunk> stream = client(2).chat().completions().createStreaming(streamParams("o3-mini"));
    Iterator<ChatCompletionChunk> it = stream.stream().iterator();
    while (seen.size() < 2 && it.hasNext()) {
      ChatCompletionChunk chunk = it.next();
      StringBuilder line = new StringBuilder("model=" + chunk.model());
      for (ChatCompletionChunk.Choice choice : chunk.choices()) {
        line.append(" role=").append(choice.delta().role().map(Object::toString).orElse("-"))
            .append(" content=[").append(choice.delta().content().orElse("")).append(']')
            .append(" finish=").append(choice.finishReason().map(Object::toString).orElse("-"));
      }
      seen.add(line.toString());
    }
    for (int i = 0; i < seen.size(); i++) {
      System.out.println("abandoned chunk" + i + " " + seen.get(i));
    }
    stream.close();
    System.out.println("abandoned chunks=" + seen.size() + " closed=ok");
  }

  /** The test has made the simulator answer the next request with 429: the SDK retries (o4-mini). */
  private static void retry() {
    ChatCompletion completion = client(2).chat().completions().create(chatParams("o4-mini"));
    CompletionUsage usage = completion.usage().orElseThrow();
    System.out.println("retry model=o4-mini responseModel=" + completion.model()
        + " input=" + usage.promptTokens() + " output=" + usage.completionTokens());
  }

  /** The test has made the simulator fail the next request; no retries. */
  private static void failing(String model, String label) {
    try {
      client(0).chat().completions().create(chatParams(model));
      System.out.println(label + " model=" + model + " unexpected=success");
    } catch (OpenAIServiceException e) {
      System.out.println(label + " model=" + model + " status=" + e.statusCode() + " exception=" + e.getClass().getSimpleName());
    }
  }

  /** Streams measured for time to first chunk: chat (gpt-5-nano) and Responses (gpt-4-turbo). */
  private static void ttft() {
    chatStream("gpt-5-nano", "ttft-chat");
    responsesStream("gpt-4-turbo", "ttft-responses");
  }

  /** Two completions (gpt-3.5-turbo); prints the rate-limit headers of the last response. */
  private static void rateLimit() {
    HttpResponseFor<ChatCompletion> last = null;
    for (int i = 0; i < 2; i++) {
      last = client(2).withRawResponse().chat().completions().create(chatParams("gpt-3.5-turbo"));
      last.parse();
    }
    System.out.println("ratelimit model=gpt-3.5-turbo remainingRequests=" + last.headers().values("x-ratelimit-remaining-requests").get(0)
        + " remainingTokens=" + last.headers().values("x-ratelimit-remaining-tokens").get(0));
  }

  /** A mono 16 kHz 16-bit WAV of a 440 Hz tone. */
  static byte[] wav(double seconds) {
    int rate = 16_000;
    int samples = (int) (rate * seconds);
    ByteBuffer buffer = ByteBuffer.allocate(44 + samples * 2).order(ByteOrder.LITTLE_ENDIAN);
    buffer.put("RIFF".getBytes(StandardCharsets.US_ASCII)).putInt(36 + samples * 2).put("WAVE".getBytes(StandardCharsets.US_ASCII));
    buffer.put("fmt ".getBytes(StandardCharsets.US_ASCII)).putInt(16).putShort((short) 1).putShort((short) 1)
        .putInt(rate).putInt(rate * 2).putShort((short) 2).putShort((short) 16);
    buffer.put("data".getBytes(StandardCharsets.US_ASCII)).putInt(samples * 2);
    for (int i = 0; i < samples; i++) {
      buffer.putShort((short) (Math.sin(2 * Math.PI * 440 * i / rate) * 8000));
    }
    return buffer.array();
  }
}
