package dev.earshot.sample.openai.simulator.realtime;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The session's settings as {@code session.update} changed them, and the session object of {@code
 * session.created} / {@code session.updated} in either dialect (GA nests audio settings under
 * {@code audio.input} / {@code audio.output}; beta keeps them flat). Both spellings are read from
 * the client whatever its dialect.
 *
 * <p>Two deliberate differences from OpenAI: input transcription is on by default (OpenAI's is off
 * until the client asks), because the voice metrics need transcripts; and the VAD reports the
 * detector's real hang-over (500 ms of silence ends a turn), which no client can change.
 */
final class RealtimeSessionConfig {

  static final String DEFAULT_INSTRUCTIONS =
      "You are a helpful, witty, and friendly AI. Act like a human, but remember that you aren't a human"
          + " and that you can't do human things in the real world.";
  /** The hang-over of {@code dev.earshot.sample.voice.VoiceActivityDetector}: 25 frames of 20 ms. */
  static final int SILENCE_DURATION_MS = 500;
  static final int PREFIX_PADDING_MS = 300;

  final String id;
  final String model;
  final long expiresAt;
  String instructions = DEFAULT_INSTRUCTIONS;
  String voice = "alloy";
  List<String> outputModalities = List.of("audio");
  boolean serverVad = true;
  String turnDetectionType = "server_vad";
  boolean createResponse = true;
  boolean interruptResponse = true;
  boolean transcription = true;
  String transcriptionModel = "gpt-4o-transcribe";

  RealtimeSessionConfig(String id, String model, long expiresAt) {
    this.id = id;
    this.model = model;
    this.expiresAt = expiresAt;
  }

  boolean audioOut() {
    return outputModalities.contains("audio");
  }

  /** Applies a {@code session.update}'s session object; returns an error message or null. */
  String apply(JsonNode session) {
    if (!session.isObject()) {
      return "Invalid type for 'session': expected an object.";
    }
    if (session.hasNonNull("type") && !session.get("type").asText().equals("realtime")) {
      return "Invalid value: '" + session.get("type").asText() + "'. Supported values are: 'realtime'.";
    }
    if (session.path("instructions").isTextual()) {
      instructions = session.get("instructions").textValue();
    }
    JsonNode modalities = session.has("output_modalities") ? session.get("output_modalities") : session.get("modalities");
    if (modalities != null && modalities.isArray()) {
      List<String> values = new ArrayList<>();
      modalities.forEach(m -> values.add(m.asText()));
      // Beta's ["text","audio"] means audio with its transcript; GA allows one of audio or text.
      outputModalities = values.contains("audio") ? List.of("audio") : List.of("text");
    }
    JsonNode voiceNode = session.path("audio").path("output").has("voice")
        ? session.path("audio").path("output").get("voice") : session.get("voice");
    if (voiceNode != null && voiceNode.isTextual()) {
      voice = voiceNode.textValue();
    }
    JsonNode input = session.path("audio").path("input");
    if (input.has("turn_detection") || session.has("turn_detection")) {
      JsonNode turn = input.has("turn_detection") ? input.get("turn_detection") : session.get("turn_detection");
      if (turn == null || turn.isNull()) {
        serverVad = false;
      } else if (turn.isObject()) {
        serverVad = true;
        turnDetectionType = turn.path("type").asText("server_vad");
        createResponse = turn.path("create_response").asBoolean(createResponse);
        interruptResponse = turn.path("interrupt_response").asBoolean(interruptResponse);
      } else {
        return "Invalid type for 'session.audio.input.turn_detection': expected an object or null.";
      }
    }
    if (input.has("transcription") || session.has("input_audio_transcription")) {
      JsonNode node = input.has("transcription") ? input.get("transcription") : session.get("input_audio_transcription");
      transcription = node != null && node.isObject();
      if (transcription && node.path("model").isTextual()) {
        transcriptionModel = node.get("model").textValue();
      }
    }
    return null;
  }

  Map<String, Object> toJson(RealtimeDialect dialect) {
    return dialect == RealtimeDialect.GA ? gaJson() : betaJson();
  }

  private Map<String, Object> gaJson() {
    return RealtimeJson.obj(
        "type", "realtime",
        "object", "realtime.session",
        "id", id,
        "model", model,
        "output_modalities", new ArrayList<>(outputModalities),
        "instructions", instructions,
        "tools", RealtimeJson.arr(),
        "tool_choice", "auto",
        "max_output_tokens", "inf",
        "tracing", null,
        "truncation", "auto",
        "prompt", null,
        "expires_at", expiresAt,
        "audio", RealtimeJson.obj(
            "input", RealtimeJson.obj(
                "format", pcm(),
                "transcription", transcription
                    ? RealtimeJson.obj("model", transcriptionModel, "language", null, "prompt", "") : null,
                "noise_reduction", null,
                "turn_detection", serverVad ? RealtimeJson.obj(
                    "type", turnDetectionType,
                    "threshold", 0.5,
                    "prefix_padding_ms", PREFIX_PADDING_MS,
                    "silence_duration_ms", SILENCE_DURATION_MS,
                    "idle_timeout_ms", null,
                    "create_response", createResponse,
                    "interrupt_response", interruptResponse) : null),
            "output", RealtimeJson.obj("format", pcm(), "voice", voice, "speed", 1.0)),
        "include", null);
  }

  private Map<String, Object> betaJson() {
    return RealtimeJson.obj(
        "id", id,
        "object", "realtime.session",
        "model", model,
        "expires_at", expiresAt,
        "modalities", audioOut() ? RealtimeJson.arr("audio", "text") : RealtimeJson.arr("text"),
        "instructions", instructions,
        "voice", voice,
        "input_audio_format", "pcm16",
        "output_audio_format", "pcm16",
        "input_audio_transcription", transcription ? RealtimeJson.obj("model", transcriptionModel) : null,
        "turn_detection", serverVad ? RealtimeJson.obj(
            "type", turnDetectionType,
            "threshold", 0.5,
            "prefix_padding_ms", PREFIX_PADDING_MS,
            "silence_duration_ms", SILENCE_DURATION_MS,
            "create_response", createResponse,
            "interrupt_response", interruptResponse) : null,
        "tools", RealtimeJson.arr(),
        "tool_choice", "auto",
        "temperature", 0.8,
        "max_response_output_tokens", "inf",
        "speed", 1.0,
        "tracing", null);
  }

  private static Map<String, Object> pcm() {
    return RealtimeJson.obj("type", "audio/pcm", "rate", 24_000);
  }
}
