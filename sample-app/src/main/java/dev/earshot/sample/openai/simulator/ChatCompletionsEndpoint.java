package dev.earshot.sample.openai.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * {@code POST /v1/chat/completions}, plain and streamed.
 *
 * <p>The answer has {@link SimulatorConfig#tokensPerAnswer()} tokens (fewer when {@code
 * max_completion_tokens} / {@code max_tokens} is lower; {@code finish_reason} is then {@code
 * length}) and is determined by the seed, the model and the prompt. A plain answer is sent at
 * {@code ttft + (tokens - 1) * tokenDelay}. A stream sends its headers at once, then at {@code
 * ttft} the role chunk together with the first token, every {@code tokenDelay} the next token,
 * and after the last token the {@code finish_reason} chunk, the usage chunk (when {@code
 * stream_options.include_usage}) and {@code data: [DONE]}. Only one choice is generated whatever
 * {@code n} asks for.
 *
 * <p>With {@code modalities: ["text","audio"]} and {@code audio: {voice, format}} the answer is
 * spoken: {@code message.audio} holds the transcript and the audio (base64 WAV, PCM16 or MP3 at 24
 * kHz, 60 ms per character), streams send {@code delta.audio} transcript and PCM pieces per token,
 * and usage counts 20 audio tokens per second of speech, split into {@code text_tokens} and
 * {@code audio_tokens} as OpenAI does for audio models.
 */
final class ChatCompletionsEndpoint implements Endpoint {

  @Override
  public void handle(SimExchange ex) throws IOException {
    JsonNode request = ex.jsonBody();
    if (request == null) {
      return;
    }
    String model = Json.text(request, "model");
    if (model == null) {
      ex.sendError(new OpenAiError(400, "you must provide a model parameter", "invalid_request_error", null, null));
      return;
    }
    JsonNode messages = request.get("messages");
    if (messages == null || messages.isNull()) {
      ex.sendError(OpenAiError.missingParameter("messages"));
      return;
    }
    if (!messages.isArray() || messages.isEmpty()) {
      ex.sendError(OpenAiError.invalidValue("messages", "Invalid 'messages': empty array. Expected an array"
          + " with minimum length 1, but got an empty array instead."));
      return;
    }
    Long maxTokens = maxTokens(request, "max_completion_tokens", "max_tokens");
    if (maxTokens != null && maxTokens < 1) {
      ex.sendError(OpenAiError.invalidValue("max_completion_tokens",
          "Invalid 'max_completion_tokens': integer below minimum value. Expected a value >= 1, but got "
              + maxTokens + " instead."));
      return;
    }
    boolean stream = request.path("stream").asBoolean(false);
    boolean includeUsage = stream && request.path("stream_options").path("include_usage").asBoolean(false);
    boolean audioOut = false;
    for (JsonNode modality : request.path("modalities")) {
      audioOut |= "audio".equals(modality.asText());
    }
    JsonNode audioParam = request.get("audio");
    if (audioOut && (audioParam == null || !audioParam.isObject())) {
      ex.sendError(OpenAiError.missingParameter("audio"));
      return;
    }
    String audioFormat = audioOut ? audioParam.path("format").asText("wav") : null;
    String voice = audioOut ? audioParam.path("voice").asText("alloy") : null;

    SimulatorConfig config = ex.config;
    Prompts.Prompt prompt = Prompts.chatMessages(messages);
    int count = config.tokensPerAnswer();
    boolean capped = maxTokens != null && maxTokens < count;
    if (capped) {
      count = maxTokens.intValue();
    }
    List<String> tokens = TextGenerator.answerTokens(Seeds.hash(config.seed(), model, prompt.text()), count);
    String text = String.join("", tokens);
    // Spoken answers: the transcript as speech, 24 kHz PCM, 20 audio tokens per second.
    int samples = audioOut ? Audio.speechSamples(text, 1.0) : 0;
    long audioTokens = (long) Math.ceil(samples / (double) Audio.SAMPLE_RATE * 20);
    PromptCache.Use cache = ex.simulator().promptCache().use(Seeds.hash(0, prompt.text()), prompt.tokens());
    if (!ex.chargeTokens(prompt.tokens() + count + audioTokens)) {
      return;
    }

    String id = "chatcmpl-" + Seeds.base62(ex.random, 29);
    long created = ex.epochSeconds();
    String responseModel = Models.snapshot(model);
    String fingerprint = "fp_" + Seeds.hex(Seeds.random(config.seed(), responseModel.hashCode()), 10);
    String finishReason = capped ? "length" : "stop";
    boolean audioModel = audioOut || model.contains("audio");
    Map<String, Object> promptDetails =
        Json.obj("cached_tokens", cache.cachedTokens(), "cache_write_tokens", cache.cacheWriteTokens(),
            "audio_tokens", prompt.audioTokens());
    Map<String, Object> completionDetails =
        Json.obj("reasoning_tokens", 0, "audio_tokens", audioTokens, "accepted_prediction_tokens", 0,
            "rejected_prediction_tokens", 0);
    if (audioModel) {
      // Audio models also split the counts into text and image tokens, as OpenAI does.
      promptDetails.put("text_tokens", prompt.tokens() - prompt.audioTokens());
      promptDetails.put("image_tokens", 0);
      completionDetails.put("text_tokens", (long) count);
    }
    Map<String, Object> usage =
        Json.obj(
            "prompt_tokens", prompt.tokens(),
            "completion_tokens", count + audioTokens,
            "total_tokens", prompt.tokens() + count + audioTokens,
            "prompt_tokens_details", promptDetails,
            "completion_tokens_details", completionDetails);
    String audioId = audioOut ? "audio_" + Seeds.hex(ex.random, 32) : null;
    long audioExpiresAt = created + 3_600;
    byte[] pcm = audioOut ? Audio.pcm16(samples, Seeds.hash(config.seed(), voice)) : null;

    if (!stream) {
      Map<String, Object> message =
          Json.obj("role", "assistant", "content", audioOut ? null : text, "refusal", null, "annotations", Json.arr());
      if (audioOut) {
        message.put("audio", Json.obj(
            "id", audioId,
            "data", Base64.getEncoder().encodeToString(encode(pcm, samples, audioFormat)),
            "expires_at", audioExpiresAt,
            "transcript", text));
      }
      ex.sleepUntil(config.ttftMs() + (count - 1) * config.tokenDelayMs());
      ex.sendJson(
          200,
          Json.obj(
              "id", id,
              "object", "chat.completion",
              "created", created,
              "model", responseModel,
              "choices",
                  Json.arr(Json.obj("index", 0, "message", message, "logprobs", null, "finish_reason", finishReason)),
              "usage", usage,
              "service_tier", "default",
              "system_fingerprint", fingerprint));
      return;
    }

    ex.sleepUntil(0);
    ex.startStream("text/event-stream; charset=utf-8");
    ChunkFactory chunks = new ChunkFactory(id, created, responseModel, fingerprint, includeUsage);
    ex.sleepUntil(config.ttftMs());
    ex.writeEvent(null, chunks.delta(Json.obj("role", "assistant", "content", audioOut ? null : "", "refusal", null), null), false);
    // Spoken answers stream the transcript and 16-bit PCM (base64) piece by piece, as OpenAI does.
    int bytesPerToken = pcm == null ? 0 : (pcm.length / count + 1) & ~1;
    for (int i = 0; i < count; i++) {
      ex.sleepUntil(config.ttftMs() + i * config.tokenDelayMs());
      if (audioOut) {
        Map<String, Object> transcript = Json.obj("id", audioId, "transcript", tokens.get(i));
        if (i == 0) {
          transcript.put("expires_at", audioExpiresAt);
        }
        ex.writeEvent(null, chunks.delta(Json.obj("audio", transcript), null), false);
        int from = Math.min(pcm.length, i * bytesPerToken);
        int to = i == count - 1 ? pcm.length : Math.min(pcm.length, from + bytesPerToken);
        ex.writeEvent(null, chunks.delta(Json.obj("audio", Json.obj("id", audioId, "data",
            Base64.getEncoder().encodeToString(Arrays.copyOfRange(pcm, from, to)))), null), true);
      } else {
        ex.writeEvent(null, chunks.delta(Json.obj("content", tokens.get(i)), null), true);
      }
    }
    ex.writeEvent(null, chunks.delta(Json.obj(), finishReason), false);
    if (includeUsage) {
      ex.writeEvent(null, chunks.usage(usage), false);
    }
    ex.writeDone();
    ex.finish();
  }

  /** Audio in a chat completion's {@code audio.format}: wav, pcm16 or mp3 (others as wav). */
  private static byte[] encode(byte[] pcm, int samples, String format) {
    if (format.equals("pcm16")) {
      return pcm;
    }
    if (format.equals("mp3")) {
      return Audio.mp3Silence(samples);
    }
    byte[] header = Audio.wavHeader(pcm.length);
    byte[] wav = Arrays.copyOf(header, header.length + pcm.length);
    System.arraycopy(pcm, 0, wav, header.length, pcm.length);
    return wav;
  }

  static Long maxTokens(JsonNode request, String... names) {
    for (String name : names) {
      JsonNode value = request.get(name);
      if (value != null && value.isIntegralNumber()) {
        return value.longValue();
      }
    }
    return null;
  }

  /** Builds {@code chat.completion.chunk} objects sharing one id, timestamp and model. */
  private record ChunkFactory(
      String id, long created, String model, String fingerprint, boolean includeUsage) {

    Map<String, Object> delta(Map<String, Object> delta, String finishReason) {
      Map<String, Object> chunk = base();
      chunk.put(
          "choices",
          Json.arr(
              Json.obj("index", 0, "delta", delta, "logprobs", null, "finish_reason", finishReason)));
      if (includeUsage) {
        chunk.put("usage", null);
      }
      return chunk;
    }

    Map<String, Object> usage(Map<String, Object> usage) {
      Map<String, Object> chunk = base();
      chunk.put("choices", Json.arr());
      chunk.put("usage", usage);
      return chunk;
    }

    private Map<String, Object> base() {
      return Json.obj(
          "id", id,
          "object", "chat.completion.chunk",
          "created", created,
          "model", model,
          "service_tier", "default",
          "system_fingerprint", fingerprint);
    }
  }
}
