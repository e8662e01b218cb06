package dev.earshot.sample.openai.simulator;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code POST /v1/audio/transcriptions}: a multipart upload of audio ({@code file}, {@code model},
 * optional {@code response_format}, {@code language}, {@code prompt}, {@code stream}, {@code
 * timestamp_granularities[]}).
 *
 * <p>The transcript has 2.5 words per second of audio (at least one), measured exactly from a WAV
 * upload and estimated from the size (128 kbit/s) otherwise, and is determined by the seed and the
 * audio bytes. Usage is reported as OpenAI does: in seconds for {@code whisper-1} ({@code
 * {"type":"duration","seconds":N}}) and in tokens for the GPT-4o transcribe models (10 audio tokens
 * per second of input, one output token per word). Formats: {@code json} (default), {@code text},
 * and for {@code whisper-1} also {@code verbose_json}, {@code srt} and {@code vtt}. {@code
 * stream=true} (GPT-4o models) sends {@code transcript.text.delta} events, the first at {@code
 * ttft} and then one per {@code tokenDelay}, and a closing {@code transcript.text.done} with usage;
 * a plain answer comes after {@code ttft + (words - 1) * tokenDelay}.
 */
final class TranscriptionsEndpoint implements Endpoint {

  private static final double WORDS_PER_SECOND = 2.5;
  private static final int MAX_WORDS = 5_000;

  @Override
  public void handle(SimExchange ex) throws IOException {
    String contentType = ex.header("Content-Type");
    String boundary = Multipart.boundary(contentType);
    if (boundary == null) {
      ex.sendError(new OpenAiError(400, "Invalid Content-Type header (" + contentType
          + "), expected multipart/form-data. (HINT: If you're using curl, you can pass -H 'Content-Type:"
          + " multipart/form-data')", "invalid_request_error", null, null));
      return;
    }
    Map<String, List<Multipart.Part>> form;
    try {
      form = Multipart.parse(ex.body(), boundary);
    } catch (IllegalArgumentException e) {
      ex.sendError(new OpenAiError(400, "Could not parse multipart form: " + e.getMessage(),
          "invalid_request_error", null, null));
      return;
    }
    Multipart.Part file = first(form, "file");
    if (file == null) {
      ex.sendError(OpenAiError.missingParameter("file"));
      return;
    }
    String model = text(form, "model");
    if (model == null || model.isBlank()) {
      ex.sendError(OpenAiError.missingParameter("model"));
      return;
    }
    String format = text(form, "response_format");
    format = format == null ? "json" : format.trim().toLowerCase(Locale.ROOT);
    boolean whisper = !Models.transcriptionUsesTokens(model);
    if (!List.of("json", "text", "srt", "verbose_json", "vtt").contains(format)) {
      ex.sendError(OpenAiError.invalidValue("response_format", "Invalid value for 'response_format': '"
          + format + "'. Supported values are: 'json', 'text', 'srt', 'verbose_json', and 'vtt'."));
      return;
    }
    if (!whisper && !format.equals("json") && !format.equals("text")) {
      ex.sendError(OpenAiError.invalidValue("response_format", "response_format '" + format
          + "' is not compatible with model '" + model + "'. Use 'json' or 'text' instead."));
      return;
    }
    if (file.data().length == 0) {
      ex.sendError(OpenAiError.invalidValue("file", "Audio file might be corrupted or unsupported"));
      return;
    }
    boolean stream = !whisper && "true".equalsIgnoreCase(trimmed(text(form, "stream")));
    String promptText = text(form, "prompt");
    String language = text(form, "language");

    SimulatorConfig config = ex.config;
    double seconds = Audio.durationSeconds(file.data());
    int words = (int) Math.min(MAX_WORDS, Math.max(1, Math.round(seconds * WORDS_PER_SECOND)));
    List<String> tokens = TextGenerator.answerTokens(Seeds.hash(config.seed(), file.data()), words);
    String transcript = String.join("", tokens);
    long audioTokens = Prompts.audioTokensForSeconds(seconds);
    long promptTokens = TextGenerator.estimateTokens(promptText);
    if (!ex.chargeTokens(audioTokens + promptTokens + words)) {
      return;
    }
    Map<String, Object> usage =
        whisper
            ? Json.obj("type", "duration", "seconds", (long) Math.ceil(seconds))
            : Json.obj(
                "type", "tokens",
                "input_tokens", audioTokens + promptTokens,
                "input_token_details", Json.obj("text_tokens", promptTokens, "audio_tokens", audioTokens),
                "output_tokens", (long) words,
                "total_tokens", audioTokens + promptTokens + words);

    if (stream) {
      ex.sleepUntil(0);
      ex.startStream("text/event-stream; charset=utf-8");
      for (int i = 0; i < words; i++) {
        ex.sleepUntil(config.ttftMs() + i * config.tokenDelayMs());
        ex.writeEvent(null, Json.obj("type", "transcript.text.delta", "delta", tokens.get(i)), true);
      }
      ex.writeEvent(null, Json.obj("type", "transcript.text.done", "text", transcript, "usage", usage), true);
      ex.finish();
      return;
    }

    ex.sleepUntil(config.ttftMs() + (words - 1) * config.tokenDelayMs());
    switch (format) {
      case "text" -> ex.sendBytes(200, "text/plain; charset=utf-8", (transcript + "\n").getBytes(StandardCharsets.UTF_8));
      case "srt" -> ex.sendBytes(200, "text/plain; charset=utf-8",
          ("1\n00:00:00,000 --> " + timestamp(seconds, ',') + "\n" + transcript + "\n\n").getBytes(StandardCharsets.UTF_8));
      case "vtt" -> ex.sendBytes(200, "text/plain; charset=utf-8",
          ("WEBVTT\n\n00:00:00.000 --> " + timestamp(seconds, '.') + "\n" + transcript + "\n\n").getBytes(StandardCharsets.UTF_8));
      case "verbose_json" -> ex.sendJson(200, verbose(form, language, seconds, tokens, transcript, usage));
      default -> ex.sendJson(200, Json.obj("text", transcript, "usage", usage));
    }
  }

  private static Map<String, Object> verbose(
      Map<String, List<Multipart.Part>> form, String language, double seconds, List<String> tokens,
      String transcript, Map<String, Object> usage) {
    List<Object> tokenIds = new ArrayList<>();
    for (int i = 0; i < tokens.size(); i++) {
      tokenIds.add(50_364 + i);
    }
    Map<String, Object> verbose =
        Json.obj(
            "task", "transcribe",
            "language", language == null ? "english" : language,
            "duration", seconds,
            "text", transcript,
            "segments",
                Json.arr(
                    Json.obj(
                        "id", 0,
                        "seek", 0,
                        "start", 0.0,
                        "end", seconds,
                        "text", transcript,
                        "tokens", tokenIds,
                        "temperature", 0.0,
                        "avg_logprob", -0.25,
                        "compression_ratio", 1.2,
                        "no_speech_prob", 0.01)));
    boolean wordTimestamps = false;
    for (String key : List.of("timestamp_granularities[]", "timestamp_granularities")) {
      for (Multipart.Part part : form.getOrDefault(key, List.of())) {
        wordTimestamps |= part.text().trim().equals("word");
      }
    }
    if (wordTimestamps) {
      List<Object> words = new ArrayList<>();
      double step = seconds / tokens.size();
      for (int i = 0; i < tokens.size(); i++) {
        words.add(Json.obj("word", tokens.get(i).trim(), "start", i * step, "end", (i + 1) * step));
      }
      verbose.put("words", words);
    }
    verbose.put("usage", usage);
    return verbose;
  }

  private static String timestamp(double seconds, char millisSeparator) {
    long millis = Math.round(seconds * 1000);
    return String.format(Locale.ROOT, "%02d:%02d:%02d%c%03d",
        millis / 3_600_000, (millis / 60_000) % 60, (millis / 1000) % 60, millisSeparator, millis % 1000);
  }

  private static Multipart.Part first(Map<String, List<Multipart.Part>> form, String name) {
    List<Multipart.Part> parts = form.get(name);
    return parts == null || parts.isEmpty() ? null : parts.get(0);
  }

  private static String text(Map<String, List<Multipart.Part>> form, String name) {
    Multipart.Part part = first(form, name);
    return part == null ? null : part.text();
  }

  private static String trimmed(String value) {
    return value == null ? null : value.trim();
  }
}
