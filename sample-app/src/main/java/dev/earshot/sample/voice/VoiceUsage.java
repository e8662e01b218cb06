package dev.earshot.sample.voice;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.openai.models.audio.transcriptions.Transcription;
import com.openai.models.completions.CompletionUsage;

/**
 * Token usage of one voice response, summed from the SDK calls that produced it, in the shape of
 * the Realtime {@code response.usage}: input audio tokens from the transcription, input text and
 * cached tokens from the chat prompt, output text tokens from the chat completion. The speech call
 * reports no usage when it returns raw audio, so output audio tokens stay 0 rather than guessed.
 */
final class VoiceUsage {

  private long inputTextTokens;
  private long inputAudioTokens;
  private long cachedTokens;
  private long outputTextTokens;

  synchronized void addTranscription(Transcription transcription) {
    transcription.usage().filter(Transcription.Usage::isTokens).map(Transcription.Usage::asTokens).ifPresent(
        tokens -> inputAudioTokens += tokens.inputTokenDetails()
            .flatMap(Transcription.Usage.Tokens.InputTokenDetails::audioTokens)
            .orElse(tokens.inputTokens()));
  }

  synchronized void addChat(CompletionUsage usage) {
    inputTextTokens += usage.promptTokens();
    outputTextTokens += usage.completionTokens();
    cachedTokens += usage.promptTokensDetails().flatMap(CompletionUsage.PromptTokensDetails::cachedTokens).orElse(0L);
  }

  synchronized ObjectNode toJson() {
    ObjectNode usage = RealtimeEvents.objectNode();
    long input = inputTextTokens + inputAudioTokens;
    usage.put("total_tokens", input + outputTextTokens);
    usage.put("input_tokens", input);
    usage.put("output_tokens", outputTextTokens);
    usage.putObject("input_token_details")
        .put("text_tokens", inputTextTokens)
        .put("audio_tokens", inputAudioTokens)
        .put("cached_tokens", cachedTokens);
    usage.putObject("output_token_details").put("text_tokens", outputTextTokens).put("audio_tokens", 0);
    return usage;
  }

  /** The transcription's own usage, for {@code ...input_audio_transcription.completed}. */
  static ObjectNode transcriptionJson(Transcription transcription) {
    if (transcription.usage().isEmpty()) {
      return null;
    }
    Transcription.Usage usage = transcription.usage().get();
    ObjectNode json = RealtimeEvents.objectNode();
    if (usage.isDuration()) {
      return json.put("type", "duration").put("seconds", usage.asDuration().seconds());
    }
    if (!usage.isTokens()) {
      return null;
    }
    Transcription.Usage.Tokens tokens = usage.asTokens();
    json.put("type", "tokens").put("input_tokens", tokens.inputTokens());
    tokens.inputTokenDetails().ifPresent(details -> json.putObject("input_token_details")
        .put("text_tokens", details.textTokens().orElse(0L))
        .put("audio_tokens", details.audioTokens().orElse(0L)));
    return json.put("output_tokens", tokens.outputTokens()).put("total_tokens", tokens.totalTokens());
  }
}
