package dev.earshot.sample.voice;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.security.SecureRandom;
import java.util.Random;

/**
 * The server events of the OpenAI Realtime API (GA names) that the local conversation sends, in
 * OpenAI's shapes, so a client written for OpenAI (or the agent's event classifier) reads them
 * unchanged. Ids look like OpenAI's ({@code event_...}, {@code item_...}, {@code resp_...}).
 */
final class RealtimeEvents {

  static final ObjectMapper JSON = new ObjectMapper();
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  private static final String ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
  private static final Random IDS = new SecureRandom();

  private RealtimeEvents() {}

  static String id(String prefix) {
    StringBuilder id = new StringBuilder(prefix);
    for (int i = 0; i < 20; i++) {
      id.append(ALPHABET.charAt(IDS.nextInt(ALPHABET.length())));
    }
    return id.toString();
  }

  static ObjectNode event(String type) {
    ObjectNode event = NODES.objectNode();
    event.put("type", type);
    event.put("event_id", id("event_"));
    return event;
  }

  static String toJson(ObjectNode event) {
    return event.toString();
  }

  static ObjectNode session(String sessionId, String model, String voice, int sampleRate) {
    ObjectNode session = NODES.objectNode();
    session.put("type", "realtime");
    session.put("object", "realtime.session");
    session.put("id", sessionId);
    session.put("model", model);
    session.putArray("output_modalities").add("audio");
    ObjectNode audio = session.putObject("audio");
    ObjectNode input = audio.putObject("input");
    format(input, sampleRate);
    input.putObject("transcription").put("model", dev.earshot.sample.openai.AssistantLlm.TRANSCRIPTION_MODEL);
    ObjectNode turnDetection = input.putObject("turn_detection");
    turnDetection.put("type", "server_vad");
    turnDetection.put("prefix_padding_ms", TurnDetector.PREFIX_PADDING_MS);
    turnDetection.put("silence_duration_ms", VoiceActivityDetector.STOP_FRAMES * VoiceActivityDetector.FRAME_MS);
    turnDetection.put("create_response", true);
    turnDetection.put("interrupt_response", true);
    ObjectNode output = audio.putObject("output");
    format(output, sampleRate);
    output.put("voice", voice);
    output.put("speed", 1.0);
    return session;
  }

  private static void format(ObjectNode direction, int sampleRate) {
    direction.putObject("format").put("type", "audio/pcm").put("rate", sampleRate);
  }

  static ObjectNode sessionEvent(String type, ObjectNode session) {
    ObjectNode event = event(type);
    event.set("session", session);
    return event;
  }

  static ObjectNode speechStarted(long audioStartMs, String itemId) {
    return event("input_audio_buffer.speech_started").put("audio_start_ms", audioStartMs).put("item_id", itemId);
  }

  static ObjectNode speechStopped(long audioEndMs, String itemId) {
    return event("input_audio_buffer.speech_stopped").put("audio_end_ms", audioEndMs).put("item_id", itemId);
  }

  static ObjectNode committed(String previousItemId, String itemId) {
    ObjectNode event = event("input_audio_buffer.committed");
    if (previousItemId == null) {
      event.putNull("previous_item_id");
    } else {
      event.put("previous_item_id", previousItemId);
    }
    return event.put("item_id", itemId);
  }

  static ObjectNode transcriptionCompleted(String itemId, String transcript, ObjectNode usage) {
    ObjectNode event = event("conversation.item.input_audio_transcription.completed")
        .put("item_id", itemId)
        .put("content_index", 0)
        .put("transcript", transcript);
    if (usage != null) {
      event.set("usage", usage);
    }
    return event;
  }

  static ObjectNode response(String responseId, String status, ObjectNode statusDetails, ObjectNode usage) {
    ObjectNode response = NODES.objectNode();
    response.put("object", "realtime.response");
    response.put("id", responseId);
    response.put("status", status);
    if (statusDetails == null) {
      response.putNull("status_details");
    } else {
      response.set("status_details", statusDetails);
    }
    response.putArray("output_modalities").add("audio");
    if (usage == null) {
      response.putNull("usage");
    } else {
      response.set("usage", usage);
    }
    return response;
  }

  static ObjectNode responseCreated(String responseId) {
    ObjectNode event = event("response.created");
    ObjectNode response = response(responseId, "in_progress", null, null);
    response.putArray("output");
    event.set("response", response);
    return event;
  }

  /** {@code response.done}; {@code output} lists the assistant item when it produced any audio. */
  static ObjectNode responseDone(
      String responseId, String status, ObjectNode statusDetails, ObjectNode usage, String itemId, String transcript) {
    ObjectNode event = event("response.done");
    ObjectNode response = response(responseId, status, statusDetails, usage);
    ArrayNode output = response.putArray("output");
    if (itemId != null) {
      ObjectNode item = output.addObject();
      item.put("id", itemId).put("object", "realtime.item").put("type", "message").put("role", "assistant");
      item.put("status", status.equals("completed") ? "completed" : "incomplete");
      item.putArray("content").addObject().put("type", "output_audio").put("transcript", transcript);
    }
    event.set("response", response);
    return event;
  }

  static ObjectNode cancelledDetails(String reason) {
    return NODES.objectNode().put("type", "cancelled").put("reason", reason);
  }

  static ObjectNode failedDetails(String code, String message) {
    ObjectNode details = NODES.objectNode().put("type", "failed");
    details.putObject("error").put("type", "server_error").put("code", code).put("message", message);
    return details;
  }

  /** The fields OpenAI puts on every output part event. */
  static ObjectNode outputEvent(String type, String responseId, String itemId) {
    return event(type).put("response_id", responseId).put("item_id", itemId).put("output_index", 0).put("content_index", 0);
  }

  static ObjectNode audioBufferEvent(String type, String responseId) {
    return event(type).put("response_id", responseId);
  }

  /** {@code error}: {@code clientEventId} names the client event it answers, when it had one. */
  static ObjectNode error(String code, String message, String param, String clientEventId) {
    ObjectNode event = event("error");
    ObjectNode error = event.putObject("error");
    error.put("type", "invalid_request_error");
    error.put("code", code);
    error.put("message", message);
    if (param == null) {
      error.putNull("param");
    } else {
      error.put("param", param);
    }
    if (clientEventId == null) {
      error.putNull("event_id");
    } else {
      error.put("event_id", clientEventId);
    }
    return event;
  }

  static ObjectNode objectNode() {
    return NODES.objectNode();
  }
}
