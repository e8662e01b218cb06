package dev.earshot.sample.voice;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.earshot.sample.openai.AssistantLlm;
import java.nio.ByteBuffer;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One local {@code /ws/realtime} conversation: reads the client's Realtime events, detects the
 * user's turns in the appended audio and answers each turn with a {@link VoiceResponse} produced
 * by an {@link AnswerPipeline} on the shared worker pool.
 *
 * <p>A user who starts speaking while a response is in progress (producing, or its audio still
 * playing) barges in: {@code input_audio_buffer.speech_started}, then the response's audio buffer
 * is cleared and, if it was still producing, it ends with {@code response.done} status {@code
 * cancelled} (reason {@code turn_detected}), as OpenAI's server VAD with {@code
 * interrupt_response} does.
 *
 * <p>Client events are handled on the WebSocket thread and only do bounded, non-blocking work.
 * Bad input (not JSON, an unknown type, bad base64) is answered with an {@code error} event and the
 * session carries on.
 */
final class ConversationSession implements RealtimeChannel {

  static final int SAMPLE_RATE = 24_000;

  private static final List<String> SUPPORTED = List.of(
      "session.update", "input_audio_buffer.append", "input_audio_buffer.commit", "input_audio_buffer.clear",
      "response.cancel", "output_audio_buffer.clear", "conversation.item.truncate");
  private static final List<String> UNSUPPORTED = List.of(
      "response.create", "conversation.item.create", "conversation.item.delete", "conversation.item.retrieve",
      "transcription_session.update");

  private final ClientConnection client;
  private final AssistantLlm llm;
  private final ExecutorService workers;
  private final ScheduledExecutorService timer;
  private final String sessionId = RealtimeEvents.id("sess_");
  private final TurnDetector turns;

  private String voice = "alloy";
  private String speechItemId;
  private String lastItemId;
  private VoiceResponse current;
  private boolean closed;

  ConversationSession(
      ClientConnection client, AssistantLlm llm, ExecutorService workers, ScheduledExecutorService timer,
      RealtimeSettings settings) {
    this.client = client;
    this.llm = llm;
    this.workers = workers;
    this.timer = timer;
    this.turns = new TurnDetector(SAMPLE_RATE, settings.maxUtterance().toMillis());
  }

  synchronized void open() {
    send(RealtimeEvents.sessionEvent("session.created", session()));
  }

  @Override
  public synchronized void onText(String message) {
    if (closed) {
      return;
    }
    JsonNode event;
    try {
      event = RealtimeEvents.JSON.readTree(message);
    } catch (Exception e) {
      send(RealtimeEvents.error("invalid_json", "The event is not valid JSON.", null, null));
      return;
    }
    String clientEventId = event.path("event_id").isTextual() ? event.get("event_id").asText() : null;
    String type = event.path("type").isTextual() ? event.get("type").asText() : null;
    if (type == null) {
      send(RealtimeEvents.error("missing_required_parameter", "Missing required parameter: 'type'.", "type", clientEventId));
      return;
    }
    switch (type) {
      case "input_audio_buffer.append" -> append(event, clientEventId);
      case "input_audio_buffer.commit" -> commit(clientEventId);
      case "input_audio_buffer.clear" -> {
        turns.clear();
        send(RealtimeEvents.event("input_audio_buffer.cleared"));
      }
      case "response.cancel" -> {
        if (current == null || !current.cancelProducing("client_cancelled")) {
          send(RealtimeEvents.error("response_cancel_not_active",
              "Cancellation failed: no active response found.", null, clientEventId));
        }
      }
      case "output_audio_buffer.clear" -> {
        if (current != null) {
          current.cancel("client_cancelled");
        }
      }
      case "conversation.item.truncate" -> send(RealtimeEvents.event("conversation.item.truncated")
          .put("item_id", event.path("item_id").asText(""))
          .put("content_index", event.path("content_index").asInt(0))
          .put("audio_end_ms", event.path("audio_end_ms").asLong(0)));
      case "session.update" -> {
        JsonNode requested = event.path("session").path("audio").path("output").path("voice");
        if (requested.isTextual() && !requested.asText().isBlank() && requested.asText().length() <= 64) {
          voice = requested.asText();
        }
        send(RealtimeEvents.sessionEvent("session.updated", session()));
      }
      default -> send(UNSUPPORTED.contains(type)
          ? RealtimeEvents.error("unsupported_event", "'" + type + "' is not supported by this server.", "type", clientEventId)
          : RealtimeEvents.error("invalid_value", "Invalid value: '" + abbreviate(type) + "'. Supported values are: "
              + String.join(", ", SUPPORTED) + ".", "type", clientEventId));
    }
  }

  @Override
  public void onBinary(ByteBuffer data) {
    synchronized (this) {
      if (!closed) {
        send(RealtimeEvents.error("invalid_value",
            "Binary frames are not supported; send Realtime events as JSON text.", null, null));
      }
    }
  }

  @Override
  public synchronized void onClose(int code, String reason) {
    closed = true;
    if (current != null) {
      current.abandon();
    }
  }

  @Override
  public synchronized void shutdown(int code, String reason) {
    onClose(code, reason);
    client.close(code, reason);
  }

  private void append(JsonNode event, String clientEventId) {
    JsonNode audio = event.get("audio");
    byte[] pcm;
    try {
      if (audio == null || !audio.isTextual()) {
        throw new IllegalArgumentException();
      }
      pcm = Base64.getDecoder().decode(audio.asText());
    } catch (IllegalArgumentException e) {
      send(RealtimeEvents.error("invalid_value", "Invalid 'audio': expected base64-encoded PCM16 audio.", "audio", clientEventId));
      return;
    }
    for (TurnDetector.Event detected : turns.accept(pcm)) {
      if (detected instanceof TurnDetector.SpeechStarted started) {
        speechItemId = RealtimeEvents.id("item_");
        send(RealtimeEvents.speechStarted(started.audioStartMs(), speechItemId));
        if (current != null) {
          current.cancel("turn_detected"); // barge-in
        }
      } else {
        TurnDetector.Turn turn = (TurnDetector.Turn) detected;
        send(RealtimeEvents.speechStopped(turn.audioEndMs(), speechItemId));
        commitTurn(turn);
      }
    }
  }

  private void commit(String clientEventId) {
    TurnDetector.Turn turn = turns.commitNow();
    if (turn == null) {
      send(RealtimeEvents.error("input_audio_buffer_commit_empty",
          "Error committing input audio buffer: no speech in the buffer.", null, clientEventId));
      return;
    }
    commitTurn(turn);
  }

  private void commitTurn(TurnDetector.Turn turn) {
    String itemId = speechItemId;
    send(RealtimeEvents.committed(lastItemId, itemId));
    lastItemId = itemId;
    if (current != null) {
      current.cancel("turn_detected"); // e.g. a manual commit over a playing answer
    }
    VoiceResponse response = new VoiceResponse(client, timer, SAMPLE_RATE);
    current = response;
    AtomicReference<Future<?>> work = new AtomicReference<>();
    response.start(() -> {
      Future<?> future = work.get();
      if (future != null) {
        future.cancel(true);
      }
    });
    try {
      work.set(workers.submit(new AnswerPipeline(llm, response, itemId, turn.pcm(), SAMPLE_RATE, voice)));
    } catch (RejectedExecutionException e) {
      response.fail("server_busy", "The assistant is busy; try again later.");
    }
  }

  private ObjectNode session() {
    return RealtimeEvents.session(sessionId, llm.model(), voice, SAMPLE_RATE);
  }

  private void send(ObjectNode event) {
    client.sendText(RealtimeEvents.toJson(event));
  }

  private static String abbreviate(String value) {
    return value.length() <= 64 ? value : value.substring(0, 64) + "...";
  }
}
