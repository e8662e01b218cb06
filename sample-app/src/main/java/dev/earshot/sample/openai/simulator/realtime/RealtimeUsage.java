package dev.earshot.sample.openai.simulator.realtime;

import java.util.Map;

/**
 * Token accounting of one response, consistent with what was actually sent: audio is billed by its
 * duration (input audio 1 token per 100 ms, output audio 1 token per 50 ms, OpenAI's published
 * rates), text by its words (one word is one token, as the simulator's text generator counts).
 * The conversation so far is the input: instructions as text, every earlier turn's audio as audio.
 */
record RealtimeUsage(long inputTextTokens, long inputAudioTokens, long outputTextTokens, long outputAudioTokens) {

  static long inputAudioTokens(long millis) {
    return (millis + 99) / 100;
  }

  static long outputAudioTokens(long millis) {
    return (millis + 49) / 50;
  }

  long inputTokens() {
    return inputTextTokens + inputAudioTokens;
  }

  long outputTokens() {
    return outputTextTokens + outputAudioTokens;
  }

  long totalTokens() {
    return inputTokens() + outputTokens();
  }

  Map<String, Object> toJson() {
    return RealtimeJson.obj(
        "total_tokens", totalTokens(),
        "input_tokens", inputTokens(),
        "output_tokens", outputTokens(),
        "input_token_details", RealtimeJson.obj(
            "text_tokens", inputTextTokens,
            "audio_tokens", inputAudioTokens,
            "image_tokens", 0,
            "cached_tokens", 0,
            "cached_tokens_details", RealtimeJson.obj("text_tokens", 0, "audio_tokens", 0, "image_tokens", 0)),
        "output_token_details", RealtimeJson.obj("text_tokens", outputTextTokens, "audio_tokens", outputAudioTokens));
  }
}
