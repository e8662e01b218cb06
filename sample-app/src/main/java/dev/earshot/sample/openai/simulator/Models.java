package dev.earshot.sample.openai.simulator;

import java.util.Map;

/**
 * Model names as OpenAI answers them: a request for an alias such as {@code gpt-4o-mini} is
 * answered by a dated snapshot ({@code gpt-4o-mini-2024-07-18}); dated or unknown names are
 * echoed unchanged.
 */
final class Models {

  private static final Map<String, String> SNAPSHOTS =
      Map.ofEntries(
          Map.entry("gpt-4o-mini", "gpt-4o-mini-2024-07-18"),
          Map.entry("gpt-4o", "gpt-4o-2024-08-06"),
          Map.entry("gpt-4.1", "gpt-4.1-2025-04-14"),
          Map.entry("gpt-4.1-mini", "gpt-4.1-mini-2025-04-14"),
          Map.entry("gpt-4.1-nano", "gpt-4.1-nano-2025-04-14"),
          Map.entry("gpt-4-turbo", "gpt-4-turbo-2024-04-09"),
          Map.entry("gpt-3.5-turbo", "gpt-3.5-turbo-0125"),
          Map.entry("gpt-5", "gpt-5-2025-08-07"),
          Map.entry("gpt-5-mini", "gpt-5-mini-2025-08-07"),
          Map.entry("gpt-5-nano", "gpt-5-nano-2025-08-07"),
          Map.entry("o1", "o1-2024-12-17"),
          Map.entry("o3", "o3-2025-04-16"),
          Map.entry("o3-mini", "o3-mini-2025-01-31"),
          Map.entry("o4-mini", "o4-mini-2025-04-16"),
          Map.entry("gpt-4o-audio-preview", "gpt-4o-audio-preview-2024-12-17"),
          Map.entry("gpt-4o-mini-audio-preview", "gpt-4o-mini-audio-preview-2024-12-17"),
          Map.entry("gpt-audio", "gpt-audio-2025-08-28"),
          Map.entry("gpt-realtime", "gpt-realtime-2025-08-28"),
          Map.entry("gpt-4o-realtime-preview", "gpt-4o-realtime-preview-2024-12-17"),
          Map.entry("gpt-4o-mini-realtime-preview", "gpt-4o-mini-realtime-preview-2024-12-17"));

  /** The models listed by {@code GET /v1/models}. */
  static final String[] LISTED = {
    "gpt-4o-mini", "gpt-4o-mini-2024-07-18", "gpt-4o", "gpt-4o-2024-08-06", "gpt-4.1", "gpt-4.1-mini",
    "gpt-5", "gpt-5-mini", "gpt-realtime", "gpt-4o-realtime-preview", "text-embedding-3-small",
    "text-embedding-3-large", "text-embedding-ada-002", "whisper-1", "gpt-4o-transcribe",
    "gpt-4o-mini-transcribe", "tts-1", "tts-1-hd", "gpt-4o-mini-tts"
  };

  private Models() {}

  static String snapshot(String model) {
    return SNAPSHOTS.getOrDefault(model, model);
  }

  /** Default embedding size of a model; {@code dimensions} in the request may shorten it. */
  static int embeddingDimensions(String model) {
    return model.contains("3-large") ? 3072 : 1536;
  }

  /** Whether a transcription model reports usage in tokens (the GPT-4o family) or seconds. */
  static boolean transcriptionUsesTokens(String model) {
    return !model.startsWith("whisper");
  }
}
