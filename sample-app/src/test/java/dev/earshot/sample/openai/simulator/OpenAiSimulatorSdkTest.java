package dev.earshot.sample.openai.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.openai.client.OpenAIClient;
import com.openai.core.http.HttpResponse;
import com.openai.core.http.HttpResponseFor;
import com.openai.core.http.StreamResponse;
import com.openai.errors.BadRequestException;
import com.openai.models.audio.AudioResponseFormat;
import com.openai.models.audio.speech.SpeechCreateParams;
import com.openai.models.audio.transcriptions.Transcription;
import com.openai.models.audio.transcriptions.TranscriptionCreateParams;
import com.openai.models.audio.transcriptions.TranscriptionStreamEvent;
import com.openai.models.audio.transcriptions.TranscriptionVerbose;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionAudio;
import com.openai.models.chat.completions.ChatCompletionAudioParam;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.chat.completions.ChatCompletionStreamOptions;
import com.openai.models.completions.CompletionUsage;
import com.openai.models.embeddings.CreateEmbeddingResponse;
import com.openai.models.embeddings.EmbeddingCreateParams;
import com.openai.models.models.Model;
import com.openai.models.realtime.RealtimeAudioConfig;
import com.openai.models.realtime.RealtimeAudioConfigOutput;
import com.openai.models.realtime.RealtimeSessionCreateRequest;
import com.openai.models.realtime.RealtimeTranscriptionSessionCreateRequest;
import com.openai.models.realtime.clientsecrets.ClientSecretCreateParams;
import com.openai.models.realtime.clientsecrets.ClientSecretCreateResponse;
import com.openai.models.responses.Response;
import com.openai.models.responses.ResponseCreateParams;
import com.openai.models.responses.ResponseStreamEvent;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The official OpenAI Java SDK against the simulator, endpoint by endpoint, with the SDK
 * validating every field of every answer ({@code responseValidation(true)}).
 */
@Timeout(30)
class OpenAiSimulatorSdkTest {

  private static final int TOKENS = 8;

  private static OpenAiSimulator simulator;
  private static OpenAIClient client;

  @BeforeAll
  static void start() {
    simulator = SdkClients.start(SdkClients.fast());
    client = SdkClients.client(simulator, 0);
  }

  @AfterAll
  static void stop() {
    client.close();
    simulator.close();
  }

  @BeforeEach
  void resetSimulator() {
    simulator.reset();
  }

  private static ChatCompletionCreateParams.Builder chat(String question) {
    return ChatCompletionCreateParams.builder().model("gpt-4o-mini").addUserMessage(question);
  }

  @Test
  void chatCompletion() {
    ChatCompletion completion = client.chat().completions().create(chat("What is the weather?").build());

    assertThat(completion.id()).matches("chatcmpl-[A-Za-z0-9]{29}");
    assertThat(completion.model()).isEqualTo("gpt-4o-mini-2024-07-18");
    assertThat(completion.systemFingerprint()).hasValueSatisfying(fp -> assertThat(fp).matches("fp_[0-9a-f]{10}"));
    assertThat(completion.created()).isCloseTo(Instant.now().getEpochSecond(), within(5L));
    assertThat(completion.choices()).hasSize(1);
    ChatCompletion.Choice choice = completion.choices().get(0);
    assertThat(choice.finishReason()).isEqualTo(ChatCompletion.Choice.FinishReason.STOP);
    String content = choice.message().content().orElseThrow();
    assertThat(content.split(" ")).hasSize(TOKENS);

    CompletionUsage usage = completion.usage().orElseThrow();
    // "What is the weather?" is 20 characters = 5 tokens, + 3 per message + 3 reply priming.
    assertThat(usage.promptTokens()).isEqualTo(11);
    assertThat(usage.completionTokens()).isEqualTo(TOKENS);
    assertThat(usage.totalTokens()).isEqualTo(11 + TOKENS);
    assertThat(usage.promptTokensDetails().orElseThrow().cachedTokens()).contains(0L);
    assertThat(usage.promptTokensDetails().orElseThrow().audioTokens()).contains(0L);
    assertThat(usage.completionTokensDetails().orElseThrow().reasoningTokens()).contains(0L);
    assertThat(usage.completionTokensDetails().orElseThrow().audioTokens()).contains(0L);
  }

  @Test
  void streamedChatCompletionEndsWithAUsageChunk() {
    ChatCompletionCreateParams params =
        chat("What is the weather?")
            .streamOptions(ChatCompletionStreamOptions.builder().includeUsage(true).build())
            .build();
    String plain = client.chat().completions().create(params).choices().get(0).message().content().orElseThrow();

    List<ChatCompletionChunk> chunks;
    try (StreamResponse<ChatCompletionChunk> stream = client.chat().completions().createStreaming(params)) {
      chunks = stream.stream().collect(Collectors.toList());
    }

    // role chunk, one chunk per token, the finish_reason chunk, the usage chunk
    assertThat(chunks).hasSize(1 + TOKENS + 1 + 1);
    assertThat(chunks).allSatisfy(chunk -> {
      assertThat(chunk.model()).isEqualTo("gpt-4o-mini-2024-07-18");
      assertThat(chunk.id()).isEqualTo(chunks.get(0).id());
    });
    assertThat(chunks.get(0).choices().get(0).delta().role()).isPresent();
    assertThat(chunks.get(0).choices().get(0).delta().content()).contains("");
    String streamed =
        chunks.stream()
            .flatMap(chunk -> chunk.choices().stream())
            .map(choice -> choice.delta().content().orElse(""))
            .collect(Collectors.joining());
    assertThat(streamed).as("same prompt, same seed, same answer").isEqualTo(plain);
    ChatCompletionChunk finish = chunks.get(chunks.size() - 2);
    assertThat(finish.choices().get(0).finishReason()).contains(ChatCompletionChunk.Choice.FinishReason.STOP);
    assertThat(finish.usage()).isEmpty();
    ChatCompletionChunk last = chunks.get(chunks.size() - 1);
    assertThat(last.choices()).isEmpty();
    assertThat(last.usage().orElseThrow().completionTokens()).isEqualTo(TOKENS);
    assertThat(last.usage().orElseThrow().promptTokens()).isEqualTo(11);
  }

  @Test
  void streamWithoutIncludeUsageHasNoUsageChunk() {
    try (StreamResponse<ChatCompletionChunk> stream =
        client.chat().completions().createStreaming(chat("Hi").build())) {
      List<ChatCompletionChunk> chunks = stream.stream().collect(Collectors.toList());

      assertThat(chunks).hasSize(1 + TOKENS + 1);
      assertThat(chunks).allSatisfy(chunk -> assertThat(chunk.usage()).isEmpty());
    }
  }

  @Test
  void spokenChatAnswersCarryAudioAndCountAudioTokens() {
    ChatCompletionCreateParams.Builder params =
        chat("Say hi")
            .model("gpt-4o-audio-preview")
            .modalities(List.of(ChatCompletionCreateParams.Modality.TEXT, ChatCompletionCreateParams.Modality.AUDIO));
    ChatCompletion completion =
        client.chat().completions().create(params
            .audio(ChatCompletionAudioParam.builder().voice("alloy").format(ChatCompletionAudioParam.Format.WAV).build())
            .build());

    assertThat(completion.model()).isEqualTo("gpt-4o-audio-preview-2024-12-17");
    ChatCompletionAudio audio = completion.choices().get(0).message().audio().orElseThrow();
    assertThat(audio.id()).startsWith("audio_");
    assertThat(completion.choices().get(0).message().content()).isEmpty();
    byte[] wav = Base64.getDecoder().decode(audio.data());
    double seconds = audio.transcript().length() * 0.06;
    assertThat(Audio.wavDurationSeconds(wav)).isCloseTo(seconds, within(1e-9));
    long audioTokens = (long) Math.ceil(seconds * 20);
    CompletionUsage usage = completion.usage().orElseThrow();
    assertThat(usage.completionTokens()).isEqualTo(TOKENS + audioTokens);
    assertThat(usage.completionTokensDetails().orElseThrow().audioTokens()).contains(audioTokens);
    assertThat(usage.completionTokensDetails().orElseThrow().textTokens()).contains((long) TOKENS);
    assertThat(usage.promptTokensDetails().orElseThrow().textTokens()).contains(usage.promptTokens());
    assertThat(usage.promptTokensDetails().orElseThrow().imageTokens()).contains(0L);

    StringBuilder transcript = new StringBuilder();
    int pcmBytes = 0;
    try (StreamResponse<ChatCompletionChunk> stream =
        client.chat().completions().createStreaming(params
            .audio(ChatCompletionAudioParam.builder().voice("alloy").format(ChatCompletionAudioParam.Format.PCM16).build())
            .build())) {
      for (ChatCompletionChunk chunk : (Iterable<ChatCompletionChunk>) stream.stream()::iterator) {
        for (ChatCompletionChunk.Choice choice : chunk.choices()) {
          if (choice.delta().audio().isPresent()) {
            transcript.append(choice.delta().audio().get().transcript().orElse(""));
            pcmBytes += choice.delta().audio().get().data().map(data -> Base64.getDecoder().decode(data).length).orElse(0);
          }
        }
      }
    }
    assertThat(transcript.toString()).isEqualTo(audio.transcript());
    assertThat(pcmBytes).isEqualTo(wav.length - 44);
  }

  @Test
  void maxCompletionTokensShortensTheAnswer() {
    ChatCompletion completion = client.chat().completions().create(chat("Hi").maxCompletionTokens(3).build());

    assertThat(completion.choices().get(0).finishReason()).isEqualTo(ChatCompletion.Choice.FinishReason.LENGTH);
    assertThat(completion.usage().orElseThrow().completionTokens()).isEqualTo(3);
  }

  @Test
  void longPromptsAreCachedTheSecondTime() {
    String longQuestion = "Tell me about the weather in every city you know. ".repeat(100); // 5000 chars
    ChatCompletion first = client.chat().completions().create(chat(longQuestion).build());
    ChatCompletion second = client.chat().completions().create(chat(longQuestion).build());

    long promptTokens = first.usage().orElseThrow().promptTokens();
    assertThat(promptTokens).isEqualTo(1250 + 6);
    assertThat(first.usage().orElseThrow().promptTokensDetails().orElseThrow().cachedTokens()).contains(0L);
    assertThat(first.usage().orElseThrow().promptTokensDetails().orElseThrow().cacheWriteTokens()).contains(1152L);
    assertThat(second.usage().orElseThrow().promptTokensDetails().orElseThrow().cachedTokens()).contains(1152L);
    assertThat(second.usage().orElseThrow().promptTokensDetails().orElseThrow().cacheWriteTokens()).contains(0L);
  }

  @Test
  void invalidRequestIsABadRequestWithOpenAisErrorShape() {
    ChatCompletionCreateParams noMessages =
        ChatCompletionCreateParams.builder().model("gpt-4o-mini").messages(List.of()).build();

    assertThatThrownBy(() -> client.chat().completions().create(noMessages))
        .isInstanceOfSatisfying(BadRequestException.class, e -> {
          assertThat(e.statusCode()).isEqualTo(400);
          assertThat(e.param()).contains("messages");
          assertThat(e.type()).contains("invalid_request_error");
          assertThat(e.code()).contains("invalid_value");
        });
  }

  @Test
  void responses() {
    Response response =
        client.responses().create(ResponseCreateParams.builder().model("gpt-4.1").input("Hello there").build());

    assertThat(response.id()).startsWith("resp_");
    assertThat(tree(response).get("model").asText()).isEqualTo("gpt-4.1-2025-04-14");
    assertThat(response.status()).hasValueSatisfying(status -> assertThat(status.asString()).isEqualTo("completed"));
    String text = response.output().get(0).message().orElseThrow().content().get(0).outputText().orElseThrow().text();
    assertThat(text.split(" ")).hasSize(TOKENS);
    // "Hello there" is 11 characters = 3 tokens, + 3 for the message + 3 for the reply.
    assertThat(response.usage().orElseThrow().inputTokens()).isEqualTo(9);
    assertThat(response.usage().orElseThrow().outputTokens()).isEqualTo(TOKENS);
    assertThat(response.usage().orElseThrow().totalTokens()).isEqualTo(9 + TOKENS);
    assertThat(response.usage().orElseThrow().inputTokensDetails().cachedTokens()).isZero();
  }

  @Test
  void streamedResponsesUseTheResponsesApiEvents() {
    ResponseCreateParams params = ResponseCreateParams.builder().model("gpt-4.1").input("Hello there").build();
    String plain =
        client.responses().create(params).output().get(0).message().orElseThrow().content().get(0)
            .outputText().orElseThrow().text();

    List<ResponseStreamEvent> events;
    try (StreamResponse<ResponseStreamEvent> stream = client.responses().createStreaming(params)) {
      events = stream.stream().collect(Collectors.toList());
    }

    List<String> types = new ArrayList<>();
    for (ResponseStreamEvent event : events) {
      types.add(tree(event).get("type").asText());
    }
    List<String> expected = new ArrayList<>(List.of(
        "response.created", "response.in_progress", "response.output_item.added", "response.content_part.added"));
    for (int i = 0; i < TOKENS; i++) {
      expected.add("response.output_text.delta");
    }
    expected.addAll(List.of(
        "response.output_text.done", "response.content_part.done", "response.output_item.done", "response.completed"));
    assertThat(types).isEqualTo(expected);
    assertThat(events.get(0).created().orElseThrow().response().status())
        .hasValueSatisfying(status -> assertThat(status.asString()).isEqualTo("in_progress"));
    String deltas =
        events.stream().flatMap(event -> event.outputTextDelta().stream()).map(delta -> delta.delta())
            .collect(Collectors.joining());
    assertThat(deltas).isEqualTo(plain);
    assertThat(events.get(events.size() - 4).outputTextDone().orElseThrow().text()).isEqualTo(plain);
    Response completed = events.get(events.size() - 1).completed().orElseThrow().response();
    assertThat(completed.usage().orElseThrow().inputTokens()).isEqualTo(9);
    assertThat(completed.usage().orElseThrow().outputTokens()).isEqualTo(TOKENS);
    for (int i = 0; i < events.size(); i++) {
      assertThat(tree(events.get(i)).get("sequence_number").asInt()).isEqualTo(i);
    }
  }

  @Test
  void embeddingsAreDeterministicUnitVectors() {
    CreateEmbeddingResponse response =
        client.embeddings().create(
            EmbeddingCreateParams.builder()
                .model("text-embedding-3-small")
                .inputOfArrayOfStrings(List.of("hello world", "good morning", "hello world"))
                .build());

    assertThat(response.model()).isEqualTo("text-embedding-3-small");
    assertThat(response.data()).hasSize(3);
    for (int i = 0; i < 3; i++) {
      assertThat(response.data().get(i).index()).isEqualTo(i);
      List<Float> vector = response.data().get(i).embedding();
      assertThat(vector).hasSize(1536);
      double norm = Math.sqrt(vector.stream().mapToDouble(v -> v * v).sum());
      assertThat(norm).isCloseTo(1.0, within(1e-4));
    }
    assertThat(response.data().get(0).embedding()).isEqualTo(response.data().get(2).embedding());
    assertThat(response.data().get(0).embedding()).isNotEqualTo(response.data().get(1).embedding());
    // "hello world" and "good morning" are 11 and 12 characters: 3 tokens each.
    assertThat(response.usage().promptTokens()).isEqualTo(9);
    assertThat(response.usage().totalTokens()).isEqualTo(9);

    CreateEmbeddingResponse shortBase64 =
        client.embeddings().create(
            EmbeddingCreateParams.builder()
                .model("text-embedding-3-small")
                .input("hello world")
                .dimensions(256)
                .encodingFormat(EmbeddingCreateParams.EncodingFormat.BASE64)
                .build());
    assertThat(shortBase64.data().get(0).embeddingValue().isBase64()).isTrue();
    assertThat(shortBase64.data().get(0).embedding()).hasSize(256);
  }

  @Test
  void whisperTranscriptionReportsSeconds() {
    byte[] wav = wav(2.0);
    Transcription transcription =
        client.audio().transcriptions()
            .create(TranscriptionCreateParams.builder().file(wav).model("whisper-1").build())
            .asTranscription();

    assertThat(transcription.text().split(" ")).hasSize(5); // 2.5 words per second
    assertThat(transcription.usage().orElseThrow().asDuration().seconds()).isEqualTo(2.0);

    TranscriptionVerbose verbose =
        client.audio().transcriptions()
            .create(TranscriptionCreateParams.builder().file(wav).model("whisper-1")
                .responseFormat(AudioResponseFormat.VERBOSE_JSON).build())
            .asVerbose();
    assertThat(verbose.duration()).isEqualTo(2.0);
    assertThat(verbose.text()).isEqualTo(transcription.text());
    assertThat(verbose.segments().orElseThrow()).hasSize(1);
  }

  @Test
  void gpt4oTranscriptionReportsTokens() {
    Transcription transcription =
        client.audio().transcriptions()
            .create(TranscriptionCreateParams.builder().file(wav(3.0)).model("gpt-4o-transcribe").build())
            .asTranscription();

    Transcription.Usage.Tokens usage = transcription.usage().orElseThrow().asTokens();
    assertThat(usage.inputTokens()).isEqualTo(30);
    assertThat(usage.inputTokenDetails().orElseThrow().audioTokens()).contains(30L);
    assertThat(usage.inputTokenDetails().orElseThrow().textTokens()).contains(0L);
    assertThat(usage.outputTokens()).isEqualTo(8); // round(3 s * 2.5 words)
    assertThat(usage.totalTokens()).isEqualTo(38);
  }

  @Test
  void streamedTranscription() {
    List<TranscriptionStreamEvent> events;
    try (StreamResponse<TranscriptionStreamEvent> stream =
        client.audio().transcriptions().createStreaming(
            TranscriptionCreateParams.builder().file(wav(2.0)).model("gpt-4o-mini-transcribe").build())) {
      events = stream.stream().collect(Collectors.toList());
    }

    assertThat(events).hasSize(5 + 1);
    String deltas =
        events.subList(0, 5).stream().map(event -> event.asTranscriptTextDelta().delta()).collect(Collectors.joining());
    assertThat(events.get(5).asTranscriptTextDone().text()).isEqualTo(deltas);
    assertThat(events.get(5).asTranscriptTextDone().usage().orElseThrow().inputTokens()).isEqualTo(20);
  }

  @Test
  void speechAsWavHas24kHz16BitMonoOfTheExpectedLength() throws IOException {
    String input = "Hello world"; // 11 characters, 60 ms each
    byte[] audio = speech(input, SpeechCreateParams.ResponseFormat.WAV, "audio/wav");

    ByteBuffer header = ByteBuffer.wrap(audio).order(ByteOrder.LITTLE_ENDIAN);
    int dataBytes = 11 * 1440 * 2;
    assertThat(new String(audio, 0, 4, StandardCharsets.US_ASCII)).isEqualTo("RIFF");
    assertThat(header.getInt(4)).isEqualTo(36 + dataBytes);
    assertThat(new String(audio, 8, 8, StandardCharsets.US_ASCII)).isEqualTo("WAVEfmt ");
    assertThat(header.getInt(16)).isEqualTo(16);
    assertThat(header.getShort(20)).as("PCM").isEqualTo((short) 1);
    assertThat(header.getShort(22)).as("channels").isEqualTo((short) 1);
    assertThat(header.getInt(24)).as("sample rate").isEqualTo(24_000);
    assertThat(header.getInt(28)).as("byte rate").isEqualTo(48_000);
    assertThat(header.getShort(32)).as("block align").isEqualTo((short) 2);
    assertThat(header.getShort(34)).as("bits").isEqualTo((short) 16);
    assertThat(new String(audio, 36, 4, StandardCharsets.US_ASCII)).isEqualTo("data");
    assertThat(header.getInt(40)).isEqualTo(dataBytes);
    assertThat(audio).hasSize(44 + dataBytes);
    assertThat(Audio.wavDurationSeconds(audio)).isCloseTo(0.66, within(1e-9));
    // Real sound, not silence.
    short loudest = 0;
    for (int i = 44; i < audio.length; i += 2) {
      loudest = (short) Math.max(loudest, Math.abs(header.getShort(i)));
    }
    assertThat(loudest).isGreaterThan((short) 4000);
  }

  @Test
  void speechAsPcmAndMp3() throws IOException {
    byte[] pcm = speech("Hi!", SpeechCreateParams.ResponseFormat.PCM, "audio/pcm");
    assertThat(pcm).hasSize(3 * 1440 * 2);

    byte[] mp3 = speech("Hi!", SpeechCreateParams.ResponseFormat.MP3, "audio/mpeg");
    int frames = (3 * 1440 + 575) / 576;
    assertThat(mp3).hasSize(frames * 192);
    for (int frame = 0; frame < frames; frame++) {
      assertThat(mp3[frame * 192] & 0xFF).isEqualTo(0xFF);
      assertThat(mp3[frame * 192 + 1] & 0xFF).isEqualTo(0xF3);
    }
  }

  private static byte[] speech(String input, SpeechCreateParams.ResponseFormat format, String contentType)
      throws IOException {
    try (HttpResponse response =
        client.audio().speech().create(
            SpeechCreateParams.builder()
                .model("gpt-4o-mini-tts")
                .input(input)
                .voice(SpeechCreateParams.Voice.UnionMember1.ALLOY)
                .responseFormat(format)
                .build());
        InputStream body = response.body()) {
      assertThat(response.statusCode()).isEqualTo(200);
      assertThat(response.headers().values("Content-Type")).containsExactly(contentType);
      return body.readAllBytes();
    }
  }

  @Test
  void realtimeClientSecret() {
    ClientSecretCreateResponse secret =
        client.realtime().clientSecrets().create(
            ClientSecretCreateParams.builder()
                .expiresAfter(ClientSecretCreateParams.ExpiresAfter.builder().seconds(120).build())
                .session(
                    RealtimeSessionCreateRequest.builder()
                        .model("gpt-realtime")
                        .audio(RealtimeAudioConfig.builder()
                            .output(RealtimeAudioConfigOutput.builder().voice("marin").build())
                            .build())
                        .build())
                .build());

    assertThat(secret.value()).matches("ek_[0-9a-f]{32}");
    assertThat(secret.expiresAt()).isCloseTo(Instant.now().getEpochSecond() + 120, within(5L));
    var session = secret.session().asRealtime();
    assertThat(session.id()).startsWith("sess_");
    assertThat(session.model().orElseThrow()).hasToString("gpt-realtime-2025-08-28");
    assertThat(session.audio().orElseThrow().output().orElseThrow().voice().orElseThrow().asString()).isEqualTo("marin");
  }

  @Test
  void realtimeTranscriptionClientSecret() {
    ClientSecretCreateResponse secret =
        client.realtime().clientSecrets().create(
            ClientSecretCreateParams.builder()
                .session(RealtimeTranscriptionSessionCreateRequest.builder().build())
                .build());

    assertThat(secret.value()).startsWith("ek_");
    assertThat(secret.expiresAt()).isCloseTo(Instant.now().getEpochSecond() + 600, within(5L));
    assertThat(secret.session().isTranscription()).isTrue();
  }

  @Test
  void betaRealtimeSessionHasAClientSecret() {
    var response = RawHttp.post(simulator.baseUrl() + "/realtime/sessions",
        "{\"model\":\"gpt-4o-realtime-preview\",\"voice\":\"verse\"}", "Authorization", "Bearer sk-test");

    assertThat(response.statusCode()).isEqualTo(200);
    JsonNode session = RawHttp.json(response);
    assertThat(session.get("object").asText()).isEqualTo("realtime.session");
    assertThat(session.get("model").asText()).isEqualTo("gpt-4o-realtime-preview-2024-12-17");
    assertThat(session.get("voice").asText()).isEqualTo("verse");
    assertThat(session.get("client_secret").get("value").asText()).startsWith("ek_");
    assertThat(session.get("client_secret").get("expires_at").asLong())
        .isCloseTo(Instant.now().getEpochSecond() + 60, within(5L));
  }

  @Test
  void modelsAreListed() {
    List<String> ids = new ArrayList<>();
    client.models().list().autoPager().forEach((Model model) -> ids.add(model.id()));

    assertThat(ids).contains("gpt-4o-mini", "gpt-realtime", "whisper-1", "text-embedding-3-small");
  }

  @Test
  void unknownPathIsOpenAisNotFound() {
    var response = RawHttp.post(simulator.baseUrl() + "/chat/complete", "{}", "Authorization", "Bearer sk-test");

    assertThat(response.statusCode()).isEqualTo(404);
    assertThat(response.body()).isEqualTo(
        "{\"error\":{\"message\":\"Invalid URL (POST /v1/chat/complete)\",\"type\":\"invalid_request_error\","
            + "\"param\":null,\"code\":null}}");
    assertThat(RawHttp.get(simulator.baseUrl() + "/chat/completions", "Authorization", "Bearer sk-test").statusCode())
        .as("wrong method").isEqualTo(404);
  }

  @Test
  void withoutABearerKeyEverythingIsUnauthorised() {
    String body = "{\"model\":\"gpt-4o-mini\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
    for (String[] headers : new String[][] {{}, {"Authorization", "Bearer "}, {"Authorization", "Basic abc"}}) {
      var response = RawHttp.post(simulator.baseUrl() + "/chat/completions", body, headers);

      assertThat(response.statusCode()).isEqualTo(401);
      JsonNode error = RawHttp.json(response).get("error");
      assertThat(error.get("message").asText()).startsWith("You didn't provide an API key.");
      assertThat(error.get("type").asText()).isEqualTo("invalid_request_error");
    }
    assertThat(RawHttp.post(simulator.baseUrl() + "/chat/completions", body, "Authorization", "Bearer x").statusCode())
        .isEqualTo(200);
  }

  @Test
  void everyResponseCarriesRateLimitHeadersThatGoDown() {
    HttpResponseFor<ChatCompletion> first = client.chat().completions().withRawResponse().create(chat("Hi").build());
    HttpResponseFor<ChatCompletion> second = client.chat().completions().withRawResponse().create(chat("Hi").build());
    first.parse();
    second.parse();

    for (HttpResponseFor<ChatCompletion> response : List.of(first, second)) {
      assertThat(header(response, "x-ratelimit-limit-requests")).isEqualTo("10000");
      assertThat(header(response, "x-ratelimit-limit-tokens")).isEqualTo("10000000");
      assertThat(header(response, "x-ratelimit-reset-requests")).matches("(\\d+h)?(\\d+m)?\\d+(\\.\\d+)?s|\\d+ms");
      assertThat(header(response, "x-ratelimit-reset-tokens")).matches("(\\d+h)?(\\d+m)?\\d+(\\.\\d+)?s|\\d+ms");
      assertThat(header(response, "x-request-id")).matches("req_[0-9a-f]{32}");
      assertThat(Long.parseLong(header(response, "openai-processing-ms"))).isNotNegative();
      assertThat(header(response, "openai-version")).isEqualTo("2020-10-01");
    }
    assertThat(header(first, "x-ratelimit-remaining-requests")).isEqualTo("9999");
    assertThat(header(second, "x-ratelimit-remaining-requests")).isEqualTo("9998");
    // "Hi" = 7 prompt tokens + 8 completion tokens per request.
    assertThat(header(first, "x-ratelimit-remaining-tokens")).isEqualTo(Long.toString(10_000_000 - 15));
    assertThat(header(second, "x-ratelimit-remaining-tokens")).isEqualTo(Long.toString(10_000_000 - 30));
    assertThat(header(first, "x-request-id")).isNotEqualTo(header(second, "x-request-id"));
  }

  private static JsonNode tree(Object sdkValue) {
    return com.openai.core.ObjectMappers.jsonMapper().valueToTree(sdkValue);
  }

  private static String header(HttpResponseFor<?> response, String name) {
    List<String> values = response.headers().values(name);
    assertThat(values).as(name).hasSize(1);
    return values.get(0);
  }

  /** A WAV file of silence-free tone of {@code seconds}. */
  static byte[] wav(double seconds) {
    int samples = (int) Math.round(seconds * Audio.SAMPLE_RATE);
    byte[] pcm = Audio.pcm16(samples, 1);
    byte[] header = Audio.wavHeader(pcm.length);
    byte[] wav = new byte[header.length + pcm.length];
    System.arraycopy(header, 0, wav, 0, header.length);
    System.arraycopy(pcm, 0, wav, header.length, pcm.length);
    return wav;
  }
}
