package dev.earshot.sample.openai.simulator.realtime;

import com.fasterxml.jackson.databind.JsonNode;
import dev.earshot.sample.openai.simulator.Seeds;
import dev.earshot.sample.openai.simulator.SimulatorConfig;
import dev.earshot.sample.openai.simulator.TextGenerator;
import dev.earshot.sample.voice.VoiceActivityDetector;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One Realtime WebSocket connection: the conversation with its session settings, the input audio
 * buffer with server VAD (the sample app's {@link VoiceActivityDetector}, fed in 20 ms frames), and
 * at most one response in progress.
 *
 * <p>Client events: {@code session.update}, {@code input_audio_buffer.append / commit / clear},
 * {@code response.create / cancel}, {@code conversation.item.create / truncate / delete}. Anything
 * else, or text that is not a JSON object, is answered with an {@code error} event and the
 * connection stays open, as OpenAI does.
 *
 * <p>Jetty delivers one client message at a time; scheduled steps (transcripts, response output)
 * run on {@link RealtimeService}'s scheduler. Both take this object's lock, so the state needs no
 * other synchronisation and events leave in a consistent order. Nothing is logged about the
 * content: no keys, audio or transcripts.
 */
public final class RealtimeSimulatorSession implements Session.Listener.AutoDemanding {

  private static final Logger LOG = LoggerFactory.getLogger(RealtimeSimulatorSession.class);
  private static final int SAMPLE_RATE = 24_000;
  private static final int BYTES_PER_MS = SAMPLE_RATE * 2 / 1000;
  /** The VAD's frame: feeding it frame by frame keeps every transition of a long append. */
  private static final int FRAME_BYTES = VoiceActivityDetector.FRAME_MS * BYTES_PER_MS;
  private static final List<String> CLIENT_EVENTS = List.of(
      "session.update", "input_audio_buffer.append", "input_audio_buffer.commit", "input_audio_buffer.clear",
      "conversation.item.create", "conversation.item.truncate",
      "conversation.item.delete", "response.create", "response.cancel");

  private final RealtimeService service;
  private final RealtimeDialect dialect;
  private final String model;
  private final long connection;
  private final long seed;

  private RealtimeEventWriter out;
  private RealtimeSessionConfig settings;
  private String conversationId;
  private boolean closed;
  private boolean countedOpen;

  private final VoiceActivityDetector vad = new VoiceActivityDetector(SAMPLE_RATE);
  private final ByteArrayOutputStream buffer = new ByteArrayOutputStream();
  private String speechItemId;
  private String lastItemId;
  private final List<ScheduledFuture<?>> transcriptions = new ArrayList<>();

  private RealtimeResponse active;
  private int responsesStarted;
  private long userAudioMs;
  private long textItemTokens;
  private long assistantAudioTokens;
  private long assistantTextTokens;
  private long responsesDone;
  private long tokensUsed;

  RealtimeSimulatorSession(RealtimeService service, RealtimeDialect dialect, String model, long connection) {
    this.service = service;
    this.dialect = dialect;
    this.model = model;
    this.connection = connection;
    this.seed = service.config().seed();
  }

  // ---------------------------------------------------------------- Jetty callbacks

  @Override
  public void onWebSocketOpen(Session session) {
    synchronized (this) {
      service.stats().opened();
      countedOpen = true;
      out = new RealtimeEventWriter(session, dialect, Seeds.random(seed, connection), service.stats());
      long expiresAt = System.currentTimeMillis() / 1000 + 3_600;
      settings = new RealtimeSessionConfig(out.newId("sess_"), model, expiresAt);
      conversationId = out.newId("conv_");
      out.send("session.created", "session", settings.toJson(dialect));
      if (dialect == RealtimeDialect.BETA) {
        out.send("conversation.created", "conversation",
            RealtimeJson.obj("id", conversationId, "object", "realtime.conversation"));
      }
    }
  }

  @Override
  public void onWebSocketText(String message) {
    service.stats().clientEvent();
    locked(() -> dispatch(message));
  }

  @Override
  public void onWebSocketBinary(ByteBuffer payload, Callback callback) {
    callback.succeed();
    service.stats().clientEvent();
    locked(() -> out.invalidRequest("invalid_value",
        "Binary frames are not supported: send client events as JSON text frames.", null, null));
  }

  @Override
  public void onWebSocketClose(int statusCode, String reason) {
    ended();
  }

  @Override
  public void onWebSocketError(Throwable cause) {
    ended();
  }

  private synchronized void ended() {
    closed = true;
    if (active != null) {
      active.abandon();
      active = null;
    }
    transcriptions.forEach(future -> future.cancel(false));
    transcriptions.clear();
    if (countedOpen) {
      countedOpen = false;
      service.stats().closed();
    }
  }

  // ---------------------------------------------------------------- shared with RealtimeResponse

  /** Runs {@code task} under the session's lock unless the connection is gone. */
  void locked(Runnable task) {
    synchronized (this) {
      if (closed || out == null) {
        return;
      }
      try {
        task.run();
      } catch (RuntimeException e) {
        // The class and frame only: a message could quote client content.
        StackTraceElement[] frames = e.getStackTrace();
        LOG.warn("Realtime simulator failed: {} at {}", e.getClass().getName(), frames.length > 0 ? frames[0] : "?");
        out.error("server_error", null, "The server had an error while processing your request. Sorry about that!",
            null, null);
      }
    }
  }

  ScheduledFuture<?> schedule(Runnable task, long delayNanos) {
    return service.schedule(task, delayNanos);
  }

  RealtimeStats stats() {
    return service.stats();
  }

  String conversationId() {
    return conversationId;
  }

  /** The response's output item is in the conversation: later items follow it. */
  void assistantItemAdded(String itemId) {
    lastItemId = itemId;
  }

  /** Called by the response when it has sent {@code response.done}. */
  void responseEnded(RealtimeResponse response, String status, RealtimeUsage usage) {
    if (active == response) {
      active = null;
    }
    assistantAudioTokens += usage.outputAudioTokens();
    assistantTextTokens += settings.audioOut() ? 0 : usage.outputTextTokens();
    responsesDone++;
    tokensUsed += usage.totalTokens();
    service.stats().responseEnded(status);
    SimulatorConfig config = service.config();
    out.send("rate_limits.updated", "rate_limits", RealtimeJson.arr(
        RealtimeJson.obj("name", "requests", "limit", config.rateLimitRequests(),
            "remaining", Math.max(0, config.rateLimitRequests() - responsesDone),
            "reset_seconds", (double) config.rateLimitWindowSeconds()),
        RealtimeJson.obj("name", "tokens", "limit", config.rateLimitTokens(),
            "remaining", Math.max(0, config.rateLimitTokens() - tokensUsed),
            "reset_seconds", (double) config.rateLimitWindowSeconds())));
  }

  // ---------------------------------------------------------------- client events

  private void dispatch(String message) {
    JsonNode event;
    try {
      event = RealtimeEventWriter.MAPPER.readTree(message);
    } catch (java.io.IOException e) {
      out.invalidRequest("invalid_json", "Invalid JSON: the client event could not be parsed.", null, null);
      return;
    }
    if (event == null || !event.isObject()) {
      out.invalidRequest("invalid_json", "Invalid client event: expected a JSON object.", null, null);
      return;
    }
    String eventId = event.path("event_id").isTextual() ? event.get("event_id").textValue() : null;
    JsonNode typeNode = event.get("type");
    if (typeNode == null || !typeNode.isTextual()) {
      out.invalidRequest("missing_required_parameter", "Missing required parameter: 'type'.", "type", eventId);
      return;
    }
    switch (typeNode.textValue()) {
      case "session.update" -> sessionUpdate(event, eventId);
      case "input_audio_buffer.append" -> append(event, eventId);
      case "input_audio_buffer.commit" -> manualCommit(eventId);
      case "input_audio_buffer.clear" -> {
        buffer.reset();
        out.send("input_audio_buffer.cleared");
      }
      case "response.create" -> {
        if (active != null) {
          out.invalidRequest("conversation_already_has_active_response", "Conversation already has an active response"
              + " in progress: " + active.id + ". Wait until the response is finished before creating a new one.",
              null, eventId);
        } else {
          startResponse();
        }
      }
      case "response.cancel" -> {
        if (active == null) {
          out.invalidRequest("response_cancel_not_active", "Cancellation failed: no active response found", null, eventId);
        } else {
          active.cancel("client_cancelled");
        }
      }
      case "conversation.item.create" -> createItem(event, eventId);
      case "conversation.item.truncate" -> out.send("conversation.item.truncated",
          "item_id", event.path("item_id").asText(null), "content_index", event.path("content_index").asInt(0),
          "audio_end_ms", event.path("audio_end_ms").asLong(0));
      case "conversation.item.delete" -> out.send("conversation.item.deleted", "item_id", event.path("item_id").asText(null));
      default -> out.invalidRequest("invalid_value", "Invalid value: '" + typeNode.textValue()
          + "'. Supported values are: " + String.join(", ", CLIENT_EVENTS.stream().map(t -> "'" + t + "'").toList()) + ".",
          "type", eventId);
    }
  }

  private void sessionUpdate(JsonNode event, String eventId) {
    JsonNode session = event.get("session");
    String problem = session == null ? "Missing required parameter: 'session'." : settings.apply(session);
    if (problem != null) {
      out.invalidRequest("invalid_value", problem, "session", eventId);
      return;
    }
    out.send("session.updated", "session", settings.toJson(dialect));
  }

  private void append(JsonNode event, String eventId) {
    JsonNode audio = event.get("audio");
    byte[] pcm;
    try {
      pcm = audio != null && audio.isTextual() ? Base64.getDecoder().decode(audio.textValue()) : null;
    } catch (IllegalArgumentException e) {
      pcm = null;
    }
    if (pcm == null) {
      out.invalidRequest("invalid_value", "Invalid 'audio'. Expected base64-encoded audio bytes.", "audio", eventId);
      return;
    }
    buffer.write(pcm, 0, pcm.length);
    service.stats().inputAudio(pcm.length / BYTES_PER_MS);
    if (!settings.serverVad) {
      return;
    }
    for (int offset = 0; offset < pcm.length && !closed; offset += FRAME_BYTES) {
      VoiceActivityDetector.Transition transition = vad.accept(pcm, offset, Math.min(FRAME_BYTES, pcm.length - offset));
      if (transition == VoiceActivityDetector.Transition.SPEECH_STARTED) {
        speechStarted();
      } else if (transition == VoiceActivityDetector.Transition.SPEECH_STOPPED) {
        speechStopped();
      }
    }
  }

  private void speechStarted() {
    speechItemId = out.newId("item_");
    service.stats().speechStarted();
    out.send("input_audio_buffer.speech_started", "audio_start_ms", vad.speechStartMs(), "item_id", speechItemId);
    if (active != null && settings.interruptResponse) {
      // Barge-in: the caller talks over the answer, which stops where it is.
      active.cancel("turn_detected");
    }
  }

  private void speechStopped() {
    long audioMs = vad.speechEndMs() - vad.speechStartMs() + RealtimeSessionConfig.PREFIX_PADDING_MS;
    out.send("input_audio_buffer.speech_stopped", "audio_end_ms", vad.speechEndMs(), "item_id", speechItemId);
    commit(speechItemId, Math.min(audioMs, bufferedMs()));
    if (settings.createResponse && active == null) {
      startResponse();
    }
  }

  private void manualCommit(String eventId) {
    long millis = bufferedMs();
    if (millis < 100) {
      out.invalidRequest("input_audio_buffer_commit_empty", String.format(java.util.Locale.ROOT,
          "Error committing input audio buffer: buffer too small. Expected at least 100ms of audio, but buffer only"
              + " has %.2fms of audio.", (double) millis), null, eventId);
      return;
    }
    commit(out.newId("item_"), millis);
  }

  private long bufferedMs() {
    return buffer.size() / BYTES_PER_MS;
  }

  /** The buffered audio becomes a user item; its transcript follows after the configured delay. */
  private void commit(String itemId, long audioMs) {
    long transcriptSeed = Seeds.hash(seed, buffer.toByteArray());
    buffer.reset();
    service.stats().turnCommitted();
    out.send("input_audio_buffer.committed", "previous_item_id", lastItemId, "item_id", itemId);
    Map<String, Object> item = RealtimeJson.obj(
        "id", itemId, "object", "realtime.item", "type", "message", "status", "completed", "role", "user",
        "content", RealtimeJson.arr(RealtimeJson.obj("type", "input_audio", "transcript", null)));
    announceItem(item);
    userAudioMs += audioMs;
    if (settings.transcription) {
      long delay = TimeUnit.MILLISECONDS.toNanos(service.config().realtimeTranscriptionDelayMs());
      transcriptions.removeIf(ScheduledFuture::isDone);
      ScheduledFuture<?> future = schedule(() -> locked(() -> transcribe(itemId, transcriptSeed, audioMs)), delay);
      if (future != null) {
        transcriptions.add(future);
      }
    }
  }

  private void transcribe(String itemId, long transcriptSeed, long audioMs) {
    String transcript = UserTranscripts.of(transcriptSeed, audioMs);
    long audioTokens = RealtimeUsage.inputAudioTokens(audioMs);
    long textTokens = TextGenerator.wordCount(transcript);
    out.send("conversation.item.input_audio_transcription.delta", "item_id", itemId, "content_index", 0,
        "delta", transcript);
    out.send("conversation.item.input_audio_transcription.completed", "item_id", itemId, "content_index", 0,
        "transcript", transcript,
        "usage", RealtimeJson.obj("type", "tokens", "total_tokens", audioTokens + textTokens,
            "input_tokens", audioTokens,
            "input_token_details", RealtimeJson.obj("text_tokens", 0, "audio_tokens", audioTokens),
            "output_tokens", textTokens));
    service.stats().transcription();
  }

  private void createItem(JsonNode event, String eventId) {
    JsonNode item = event.get("item");
    if (item == null || !item.isObject()) {
      out.invalidRequest("missing_required_parameter", "Missing required parameter: 'item'.", "item", eventId);
      return;
    }
    String itemId = item.path("id").isTextual() ? item.get("id").textValue() : out.newId("item_");
    List<Object> content = new ArrayList<>();
    for (JsonNode part : item.path("content")) {
      String text = part.path("text").asText("");
      textItemTokens += TextGenerator.estimateTokens(text);
      content.add(RealtimeJson.obj("type", part.path("type").asText("input_text"), "text", text));
    }
    announceItem(RealtimeJson.obj("id", itemId, "object", "realtime.item", "type", item.path("type").asText("message"),
        "status", "completed", "role", item.path("role").asText("user"), "content", content));
  }

  private void announceItem(Map<String, Object> item) {
    out.send("conversation.item.added", "previous_item_id", lastItemId, "item", item);
    if (dialect.sendsItemDone()) {
      out.send("conversation.item.done", "previous_item_id", lastItemId, "item", item);
    }
    lastItemId = (String) item.get("id");
  }

  // ---------------------------------------------------------------- responses

  private void startResponse() {
    RealtimeFault fault = service.nextFault();
    if (fault != null && fault.kind() == RealtimeFault.Kind.DROP) {
      service.stats().dropped();
      out.disconnect();
      ended();
      return;
    }
    if (fault != null && fault.kind() == RealtimeFault.Kind.CLOSE) {
      service.stats().closedByFault();
      out.close(fault.closeCode(), "closed by the simulator (forced fault)");
      return;
    }
    SimulatorConfig config = service.config();
    int index = responsesStarted++;
    List<String> words = TextGenerator.answerTokens(
        Seeds.hash(seed, "realtime", Long.toString(connection), Integer.toString(index)), config.realtimeAnswerTokens());
    long inputText = TextGenerator.estimateTokens(settings.instructions) + textItemTokens + assistantTextTokens;
    long inputAudio = RealtimeUsage.inputAudioTokens(userAudioMs) + assistantAudioTokens;
    RealtimeResponse response = new RealtimeResponse(this, out, settings, config, lastItemId, words,
        Seeds.combine(seed, index), inputText, inputAudio, System.nanoTime());
    active = response;
    service.stats().responseCreated();
    if (fault != null) {
      response.fail();
    } else {
      response.start();
    }
  }
}
