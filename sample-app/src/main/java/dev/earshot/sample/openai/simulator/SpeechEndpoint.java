package dev.earshot.sample.openai.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Locale;

/**
 * {@code POST /v1/audio/speech}: real audio of {@link Audio#SAMPLES_PER_CHARACTER} samples (60 ms)
 * per input character at 24 kHz, divided by {@code speed}.
 *
 * <ul>
 *   <li>{@code wav}: 44-byte RIFF/WAVE header + 16-bit mono PCM ({@code audio/wav}).
 *   <li>{@code pcm}: the raw 16-bit little-endian mono PCM ({@code audio/pcm}).
 *   <li>{@code mp3} (OpenAI's default): valid MPEG-2 Layer III frames of silence of the same
 *       length ({@code audio/mpeg}).
 *   <li>{@code opus}, {@code aac}, {@code flac}: not synthesised; answered with the WAV bytes and
 *       {@code Content-Type: audio/wav}. (The SDK hands the bytes over untouched either way.)
 * </ul>
 *
 * <p>The audio is streamed as OpenAI does (chunked): headers at once, the first 200 ms of audio
 * at {@code ttft}, then one 200 ms chunk every {@code tokenDelay}. With {@code stream_format:
 * "sse"} the same chunks are sent base64-encoded as {@code speech.audio.delta} events followed by
 * {@code speech.audio.done} with token usage.
 */
final class SpeechEndpoint implements Endpoint {

  private static final int MAX_INPUT_CHARACTERS = 4_096;
  private static final int SAMPLES_PER_CHUNK = Audio.SAMPLE_RATE / 5; // 200 ms

  @Override
  public void handle(SimExchange ex) throws IOException {
    JsonNode request = ex.jsonBody();
    if (request == null) {
      return;
    }
    String model = Json.text(request, "model");
    String input = Json.text(request, "input");
    String voice = request.hasNonNull("voice")
        ? (request.get("voice").isTextual() ? request.get("voice").textValue() : Json.text(request.get("voice"), "id"))
        : null;
    if (model == null) {
      ex.sendError(OpenAiError.missingParameter("model"));
      return;
    }
    if (input == null) {
      ex.sendError(OpenAiError.missingParameter("input"));
      return;
    }
    if (voice == null) {
      ex.sendError(OpenAiError.missingParameter("voice"));
      return;
    }
    if (input.isEmpty() || input.length() > MAX_INPUT_CHARACTERS) {
      ex.sendError(OpenAiError.invalidValue("input", "Invalid 'input': string must be between 1 and "
          + MAX_INPUT_CHARACTERS + " characters long."));
      return;
    }
    double speed = request.path("speed").asDouble(1.0);
    if (speed < 0.25 || speed > 4.0) {
      ex.sendError(OpenAiError.invalidValue("speed", "Invalid 'speed': must be between 0.25 and 4.0."));
      return;
    }
    String format = request.hasNonNull("response_format")
        ? request.get("response_format").asText().toLowerCase(Locale.ROOT) : "mp3";
    if (!List.of("mp3", "opus", "aac", "flac", "wav", "pcm").contains(format)) {
      ex.sendError(OpenAiError.invalidValue("response_format", "Invalid value for 'response_format': '"
          + format + "'. Supported values are: 'mp3', 'opus', 'aac', 'flac', 'wav', and 'pcm'."));
      return;
    }
    String streamFormat = request.hasNonNull("stream_format") ? request.get("stream_format").asText() : "audio";
    if (!streamFormat.equals("audio") && !streamFormat.equals("sse")) {
      ex.sendError(OpenAiError.invalidValue("stream_format", "Invalid value for 'stream_format': '"
          + streamFormat + "'. Supported values are: 'sse' and 'audio'."));
      return;
    }
    String instructions = Json.text(request, "instructions");
    long inputTokens = TextGenerator.estimateTokens(input) + TextGenerator.estimateTokens(instructions);
    int samples = Audio.speechSamples(input, speed);
    long outputTokens = (long) Math.ceil(samples / (double) Audio.SAMPLE_RATE * 20); // 50 ms per token
    if (!ex.chargeTokens(inputTokens + outputTokens)) {
      return;
    }

    byte[] audio;
    String contentType;
    int chunkBytes;
    if (format.equals("mp3")) {
      audio = Audio.mp3Silence(samples);
      contentType = "audio/mpeg";
      chunkBytes = Audio.MP3_FRAME_BYTES * (SAMPLES_PER_CHUNK / Audio.MP3_SAMPLES_PER_FRAME);
    } else {
      byte[] pcm = Audio.pcm16(samples, Seeds.hash(ex.config.seed(), voice));
      chunkBytes = SAMPLES_PER_CHUNK * Audio.BYTES_PER_SAMPLE;
      if (format.equals("pcm")) {
        audio = pcm;
        contentType = "audio/pcm";
      } else {
        byte[] header = Audio.wavHeader(pcm.length);
        audio = new byte[header.length + pcm.length];
        System.arraycopy(header, 0, audio, 0, header.length);
        System.arraycopy(pcm, 0, audio, header.length, pcm.length);
        contentType = "audio/wav";
      }
    }

    boolean sse = streamFormat.equals("sse");
    ex.sleepUntil(0);
    ex.startStream(sse ? "text/event-stream; charset=utf-8" : contentType);
    int offset = 0;
    for (int chunk = 0; offset < audio.length; chunk++) {
      // The first chunk also carries a WAV header, so a player can start at once.
      int end = Math.min(audio.length, offset + chunkBytes + (chunk == 0 && contentType.equals("audio/wav") ? Audio.WAV_HEADER_BYTES : 0));
      byte[] bytes = Arrays.copyOfRange(audio, offset, end);
      ex.sleepUntil(ex.config.ttftMs() + chunk * ex.config.tokenDelayMs());
      if (sse) {
        ex.writeEvent(null, Json.obj("type", "speech.audio.delta", "audio", Base64.getEncoder().encodeToString(bytes)), true);
      } else {
        ex.writeChunk(bytes, true);
      }
      offset = end;
    }
    if (sse) {
      ex.writeEvent(null, Json.obj("type", "speech.audio.done",
          "usage", Json.obj("input_tokens", inputTokens, "output_tokens", outputTokens,
              "total_tokens", inputTokens + outputTokens)), true);
    }
    ex.finish();
  }
}
