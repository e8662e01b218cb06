package dev.earshot.sample.openai.simulator.realtime;

import dev.earshot.sample.openai.simulator.Audio;
import dev.earshot.sample.openai.simulator.SimulatorConfig;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * One model response: {@code response.created} at once, then, after {@code realtimeTtftMs}, the
 * output item with its audio in deltas of {@code realtimeAudioChunkMs} paced at playback speed
 * (each with the transcript words it speaks, sent just before it), then the done events and {@code
 * response.done} with usage. A text-only session gets {@code response.output_text.delta} words
 * every {@code tokenDelayMs} instead.
 *
 * <p>Every method runs under the owning session's lock ({@link RealtimeSimulatorSession#locked});
 * the scheduled steps take it too, so a cancel and a step never interleave.
 */
final class RealtimeResponse {

  private static final int BYTES_PER_MS = Audio.SAMPLE_RATE * Audio.BYTES_PER_SAMPLE / 1000;

  private final RealtimeSimulatorSession session;
  private final RealtimeEventWriter out;
  private final RealtimeSessionConfig settings;
  private final SimulatorConfig config;
  final String id;
  private final String itemId;
  private final String previousItemId;
  private final List<String> words;
  private final byte[] pcm;
  private final int chunkBytes;
  private final long startNanos;
  private final long inputTextTokens;
  private final long inputAudioTokens;

  private ScheduledFuture<?> next;
  private boolean outputStarted;
  private boolean finished;
  private int step;
  private int wordsSent;
  private int audioBytesSent;

  RealtimeResponse(RealtimeSimulatorSession session, RealtimeEventWriter out, RealtimeSessionConfig settings,
      SimulatorConfig config, String previousItemId, List<String> words, long audioSeed, long inputTextTokens,
      long inputAudioTokens, long startNanos) {
    this.session = session;
    this.out = out;
    this.settings = settings;
    this.config = config;
    this.id = out.newId("resp_");
    this.itemId = out.newId("item_");
    this.previousItemId = previousItemId;
    this.words = words;
    this.pcm = settings.audioOut() ? Audio.pcm16(Audio.speechSamples(String.join("", words), 1.0), audioSeed) : new byte[0];
    this.chunkBytes = (int) config.realtimeAudioChunkMs() * BYTES_PER_MS;
    this.inputTextTokens = inputTextTokens;
    this.inputAudioTokens = inputAudioTokens;
    this.startNanos = startNanos;
  }

  String itemId() {
    return itemId;
  }

  boolean finished() {
    return finished;
  }

  /** Milliseconds of audio sent so far. */
  long audioMsSent() {
    return audioBytesSent / BYTES_PER_MS;
  }

  long outputAudioTokens() {
    return RealtimeUsage.outputAudioTokens(audioMsSent());
  }

  void start() {
    out.send("response.created", "response", responseJson("in_progress", null, List.of(), null));
    scheduleStep(TimeUnit.MILLISECONDS.toNanos(config.realtimeTtftMs()));
  }

  /** Fails at once: the forced {@code error} fault. */
  void fail() {
    out.send("response.created", "response", responseJson("in_progress", null, List.of(), null));
    out.error("server_error", null, "The server had an error while processing your request. Sorry about that!", null, null);
    finish("failed", RealtimeJson.obj("type", "failed",
        "error", RealtimeJson.obj("type", "server_error", "code", null)));
  }

  /** Stops the output where it is; {@code reason} is {@code turn_detected} or {@code client_cancelled}. */
  void cancel(String reason) {
    if (finished) {
      return;
    }
    finish("cancelled", RealtimeJson.obj("type", "cancelled", "reason", reason));
  }

  /** Stops without events: the connection is gone. */
  void abandon() {
    finished = true;
    if (next != null) {
      next.cancel(false);
    }
  }

  private void scheduleStep(long offsetNanos) {
    long delay = startNanos + offsetNanos - System.nanoTime();
    next = session.schedule(() -> session.locked(this::step), delay);
  }

  private void step() {
    if (finished) {
      return;
    }
    if (!outputStarted) {
      outputStarted = true;
      Map<String, Object> item = itemJson("in_progress", "");
      out.send("response.output_item.added", "response_id", id, "output_index", 0, "item", item);
      out.send("conversation.item.added", "previous_item_id", previousItemId, "item", item);
      out.send("response.content_part.added", "response_id", id, "item_id", itemId, "output_index", 0,
          "content_index", 0, "part", partJson(""));
      session.assistantItemAdded(itemId);
    }
    boolean more = settings.audioOut() ? audioStep() : textStep();
    step++;
    if (more) {
      long pace = settings.audioOut() ? config.realtimeAudioChunkMs() : config.tokenDelayMs();
      scheduleStep(TimeUnit.MILLISECONDS.toNanos(config.realtimeTtftMs() + step * pace));
    } else {
      finish("completed", null);
    }
  }

  /** One chunk of audio with the words that start in it; false after the last. */
  private boolean audioStep() {
    int from = audioBytesSent;
    int to = Math.min(pcm.length, from + chunkBytes);
    StringBuilder text = new StringBuilder();
    int characters = 0;
    for (int i = 0; i < wordsSent; i++) {
      characters += words.get(i).length();
    }
    // A word belongs to the chunk in which its first sample is spoken.
    while (wordsSent < words.size()
        && (long) characters * Audio.SAMPLES_PER_CHARACTER * Audio.BYTES_PER_SAMPLE < to) {
      text.append(words.get(wordsSent));
      characters += words.get(wordsSent).length();
      wordsSent++;
    }
    if (text.length() > 0) {
      out.send("response.output_audio_transcript.delta", "response_id", id, "item_id", itemId, "output_index", 0,
          "content_index", 0, "delta", text.toString());
    }
    out.send("response.output_audio.delta", "response_id", id, "item_id", itemId, "output_index", 0,
        "content_index", 0, "delta", Base64.getEncoder().encodeToString(Arrays.copyOfRange(pcm, from, to)));
    session.stats().audioDelta();
    audioBytesSent = to;
    return audioBytesSent < pcm.length;
  }

  private boolean textStep() {
    out.send("response.output_text.delta", "response_id", id, "item_id", itemId, "output_index", 0,
        "content_index", 0, "delta", words.get(wordsSent));
    wordsSent++;
    return wordsSent < words.size();
  }

  private void finish(String status, Map<String, Object> details) {
    finished = true;
    if (next != null) {
      next.cancel(false);
    }
    String text = String.join("", words.subList(0, wordsSent));
    List<Object> output = List.of();
    if (outputStarted) {
      if (settings.audioOut()) {
        out.send("response.output_audio.done", "response_id", id, "item_id", itemId, "output_index", 0,
            "content_index", 0);
        out.send("response.output_audio_transcript.done", "response_id", id, "item_id", itemId, "output_index", 0,
            "content_index", 0, "transcript", text);
      } else {
        out.send("response.output_text.done", "response_id", id, "item_id", itemId, "output_index", 0,
            "content_index", 0, "text", text);
      }
      out.send("response.content_part.done", "response_id", id, "item_id", itemId, "output_index", 0,
          "content_index", 0, "part", partJson(text));
      Map<String, Object> item = itemJson(status.equals("completed") ? "completed" : "incomplete", text);
      out.send("response.output_item.done", "response_id", id, "output_index", 0, "item", item);
      if (out.dialect().sendsItemDone()) {
        out.send("conversation.item.done", "previous_item_id", previousItemId, "item", item);
      }
      output = List.of(item);
    }
    RealtimeUsage usage = new RealtimeUsage(inputTextTokens, inputAudioTokens, wordsSent, outputAudioTokens());
    out.send("response.done", "response", responseJson(status, details, output, usage.toJson()));
    session.responseEnded(this, status, usage);
  }

  private Map<String, Object> responseJson(String status, Map<String, Object> details, List<Object> output,
      Map<String, Object> usage) {
    Map<String, Object> format = RealtimeJson.obj("type", "audio/pcm", "rate", 24_000);
    if (out.dialect() == RealtimeDialect.GA) {
      return RealtimeJson.obj(
          "object", "realtime.response",
          "id", id,
          "status", status,
          "status_details", details,
          "output", output,
          "conversation_id", session.conversationId(),
          "output_modalities", settings.audioOut() ? RealtimeJson.arr("audio") : RealtimeJson.arr("text"),
          "max_output_tokens", "inf",
          "audio", RealtimeJson.obj("output", RealtimeJson.obj("format", format, "voice", settings.voice)),
          "usage", usage,
          "metadata", null);
    }
    return RealtimeJson.obj(
        "object", "realtime.response",
        "id", id,
        "status", status,
        "status_details", details,
        "output", output,
        "conversation_id", session.conversationId(),
        "modalities", settings.audioOut() ? RealtimeJson.arr("audio", "text") : RealtimeJson.arr("text"),
        "voice", settings.voice,
        "output_audio_format", "pcm16",
        "temperature", 0.8,
        "max_output_tokens", "inf",
        "usage", usage,
        "metadata", null);
  }

  private Map<String, Object> itemJson(String status, String text) {
    Map<String, Object> content = settings.audioOut()
        ? RealtimeJson.obj("type", out.dialect().outputAudioContentType(), "transcript", text)
        : RealtimeJson.obj("type", out.dialect().outputTextContentType(), "text", text);
    return RealtimeJson.obj(
        "id", itemId,
        "object", "realtime.item",
        "type", "message",
        "status", status,
        "role", "assistant",
        "content", status.equals("in_progress") ? RealtimeJson.arr() : RealtimeJson.arr(content));
  }

  private Map<String, Object> partJson(String text) {
    return settings.audioOut()
        ? RealtimeJson.obj("type", "audio", "transcript", text)
        : RealtimeJson.obj("type", "text", "text", text);
  }
}
