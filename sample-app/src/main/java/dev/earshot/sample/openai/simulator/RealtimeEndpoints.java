package dev.earshot.sample.openai.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.Map;

/**
 * Ephemeral keys for the Realtime API, answered after {@code ttft}:
 *
 * <ul>
 *   <li>{@code POST /v1/realtime/client_secrets} (GA): {@code {"value":"ek_...","expires_at":...,
 *       "session":{...}}}; {@code expires_after.seconds} (10 to 7200, default 600) sets the expiry;
 *       the session echoes the request's {@code type} ({@code realtime} by default, or {@code
 *       transcription}), model (as a dated snapshot), instructions, output modalities and voice.
 *   <li>{@code POST /v1/realtime/sessions} (beta): the session with {@code client_secret: {value,
 *       expires_at}}, valid for one minute.
 * </ul>
 */
final class RealtimeEndpoints {

  static final String DEFAULT_INSTRUCTIONS =
      "You are a helpful, witty, and friendly AI. Act like a human, but remember that you aren't a human"
          + " and that you can't do human things in the real world.";

  private RealtimeEndpoints() {}

  /** GA {@code POST /v1/realtime/client_secrets}. */
  static void clientSecrets(SimExchange ex) throws IOException {
    JsonNode request = ex.body().length == 0 ? Json.MAPPER.createObjectNode() : ex.jsonBody();
    if (request == null) {
      return;
    }
    long seconds = 600;
    JsonNode expiresAfter = request.get("expires_after");
    if (expiresAfter != null && expiresAfter.hasNonNull("seconds")) {
      seconds = expiresAfter.get("seconds").asLong(-1);
      if (seconds < 10 || seconds > 7_200) {
        ex.sendError(OpenAiError.invalidValue("expires_after.seconds",
            "Invalid 'expires_after.seconds': must be between 10 and 7200."));
        return;
      }
    }
    JsonNode session = request.path("session");
    String type = session.hasNonNull("type") ? session.get("type").asText() : "realtime";
    if (!type.equals("realtime") && !type.equals("transcription")) {
      ex.sendError(OpenAiError.invalidValue("session.type",
          "Invalid value: '" + type + "'. Supported values are: 'realtime' and 'transcription'."));
      return;
    }
    String value = "ek_" + Seeds.hex(ex.random, 32);
    ex.simulator().realtime().ephemeralKeys().minted(value, ex.epochSeconds() + seconds);
    String sessionId = "sess_" + Seeds.base62(ex.random, 21);
    Map<String, Object> answer =
        Json.obj(
            "value", value,
            "expires_at", ex.epochSeconds() + seconds,
            "session", type.equals("realtime") ? realtimeSession(sessionId, session) : transcriptionSession(sessionId, session));
    ex.sleepUntil(ex.config.ttftMs());
    ex.sendJson(200, answer);
  }

  /** Beta {@code POST /v1/realtime/sessions}. */
  static void betaSessions(SimExchange ex) throws IOException {
    JsonNode request = ex.body().length == 0 ? Json.MAPPER.createObjectNode() : ex.jsonBody();
    if (request == null) {
      return;
    }
    String model = Json.text(request, "model");
    JsonNode modalities = request.get("modalities");
    JsonNode transcription = request.get("input_audio_transcription");
    String sessionId = "sess_" + Seeds.base62(ex.random, 21); // drawn before the secret, as always
    String secret = "ek_" + Seeds.hex(ex.random, 32);
    ex.simulator().realtime().ephemeralKeys().minted(secret, ex.epochSeconds() + 60);
    Map<String, Object> answer =
        Json.obj(
            "id", sessionId,
            "object", "realtime.session",
            "model", Models.snapshot(model == null ? "gpt-4o-realtime-preview" : model),
            "modalities", modalities != null && modalities.isArray() ? modalities : Json.arr("audio", "text"),
            "instructions", orDefault(Json.text(request, "instructions"), DEFAULT_INSTRUCTIONS),
            "voice", orDefault(Json.text(request, "voice"), "alloy"),
            "input_audio_format", orDefault(Json.text(request, "input_audio_format"), "pcm16"),
            "output_audio_format", orDefault(Json.text(request, "output_audio_format"), "pcm16"),
            "input_audio_transcription", transcription != null && transcription.isObject() ? transcription : null,
            "turn_detection",
                Json.obj(
                    "type", "server_vad",
                    "threshold", 0.5,
                    "prefix_padding_ms", 300,
                    "silence_duration_ms", 200,
                    "create_response", true,
                    "interrupt_response", true),
            "tools", Json.arr(),
            "tool_choice", "auto",
            "temperature", request.path("temperature").asDouble(0.8),
            "max_response_output_tokens", "inf",
            "speed", 1.0,
            "tracing", null,
            "client_secret",
                Json.obj("value", secret, "expires_at", ex.epochSeconds() + 60));
    ex.sleepUntil(ex.config.ttftMs());
    ex.sendJson(200, answer);
  }

  private static Map<String, Object> realtimeSession(String id, JsonNode request) {
    String model = Json.text(request, "model");
    JsonNode modalities = request.get("output_modalities");
    JsonNode voiceNode = request.path("audio").path("output").get("voice");
    Object voice = voiceNode == null || voiceNode.isNull() ? "alloy" : voiceNode;
    return Json.obj(
        "type", "realtime",
        "object", "realtime.session",
        "id", id,
        "model", Models.snapshot(model == null ? "gpt-realtime" : model),
        "output_modalities", modalities != null && modalities.isArray() ? modalities : Json.arr("audio"),
        "instructions", orDefault(Json.text(request, "instructions"), DEFAULT_INSTRUCTIONS),
        "tools", Json.arr(),
        "tool_choice", "auto",
        "max_output_tokens", "inf",
        "tracing", null,
        "truncation", "auto",
        "prompt", null,
        "expires_at", 0,
        "audio",
            Json.obj(
                "input",
                    Json.obj(
                        "format", pcmFormat(),
                        "transcription", null,
                        "noise_reduction", null,
                        "turn_detection", serverVad()),
                "output", Json.obj("format", pcmFormat(), "voice", voice, "speed", 1.0)),
        "include", null);
  }

  private static Map<String, Object> transcriptionSession(String id, JsonNode request) {
    JsonNode transcription = request.path("audio").path("input").get("transcription");
    return Json.obj(
        "type", "transcription",
        "object", "realtime.transcription_session",
        "id", id,
        "expires_at", 0,
        "audio",
            Json.obj(
                "input",
                    Json.obj(
                        "format", pcmFormat(),
                        "transcription",
                            transcription != null && transcription.isObject()
                                ? transcription
                                : Json.obj("model", "gpt-4o-transcribe", "language", null, "prompt", ""),
                        "noise_reduction", null,
                        "turn_detection",
                            Json.obj(
                                "type", "server_vad",
                                "threshold", 0.5,
                                "prefix_padding_ms", 300,
                                "silence_duration_ms", 200))),
        "include", null);
  }

  private static Map<String, Object> pcmFormat() {
    return Json.obj("type", "audio/pcm", "rate", 24_000);
  }

  private static Map<String, Object> serverVad() {
    return Json.obj(
        "type", "server_vad",
        "threshold", 0.5,
        "prefix_padding_ms", 300,
        "silence_duration_ms", 200,
        "idle_timeout_ms", null,
        "create_response", true,
        "interrupt_response", true);
  }

  private static String orDefault(String value, String fallback) {
    return value == null ? fallback : value;
  }
}
