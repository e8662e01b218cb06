package dev.earshot.sample.voice;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Base64;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * One assistant response of a conversation, from {@code response.created} to the end of its
 * playback: collects the audio the pipeline produces and sends it to the client at playback pace,
 * and ends exactly once, completed, failed or cancelled.
 *
 * <p>Pacing: the client is never more than {@link #LEAD_MS} of audio ahead of real time. The
 * first {@link #DELTA_MS} delta goes out at once, each next one when the client's playback of the
 * previous ones is within {@link #LEAD_MS} of its end; if the pipeline falls behind (between two
 * sentences), playback time simply waits for it. Since the server knows where playback is, it also
 * reports it as OpenAI does for WebRTC: {@code output_audio_buffer.started}, {@code .stopped} at
 * the end of playback and {@code .cleared} when a barge-in cuts it.
 *
 * <p>Thread-safety: the pipeline's worker, the pacer's timer and the WebSocket thread (barge-in)
 * all act on a response; every state change and every send happens under its monitor, so a
 * cancelled response never sends another delta after its {@code response.done}.
 */
final class VoiceResponse {

  static final int DELTA_MS = 100;
  static final int LEAD_MS = 100;
  private static final long TICK_MS = 20;

  private enum State { ACTIVE, PLAYING_OUT, ENDED }

  private final String responseId = RealtimeEvents.id("resp_");
  private final String itemId = RealtimeEvents.id("item_");
  private final ClientConnection client;
  private final ScheduledExecutorService timer;
  private final int bytesPerMs;
  private final int deltaBytes;
  private final VoiceUsage usage = new VoiceUsage();

  private State state = State.ACTIVE;
  private final ArrayDeque<byte[]> audio = new ArrayDeque<>();
  private int headOffset;
  private long buffered;
  private boolean producerDone;
  private boolean audioStarted;
  private long playheadEndNanos;
  private final StringBuilder transcript = new StringBuilder();
  private ScheduledFuture<?> tick;
  private AutoCloseable abortable;
  private Runnable onAbort = () -> {};

  VoiceResponse(ClientConnection client, ScheduledExecutorService timer, int sampleRate) {
    this.client = client;
    this.timer = timer;
    this.bytesPerMs = sampleRate * 2 / 1000;
    this.deltaBytes = DELTA_MS * bytesPerMs;
  }

  String id() {
    return responseId;
  }

  VoiceUsage usage() {
    return usage;
  }

  /** Sends {@code response.created} and starts the pacer; {@code onAbort} stops the pipeline. */
  synchronized void start(Runnable onAbort) {
    this.onAbort = onAbort;
    client.sendText(RealtimeEvents.toJson(RealtimeEvents.responseCreated(responseId)));
    tick = timer.scheduleAtFixedRate(this::tick, TICK_MS, TICK_MS, TimeUnit.MILLISECONDS);
  }

  /** Whether the pipeline should stop: the response ended (cancelled, failed, session gone). */
  synchronized boolean stopped() {
    return state != State.ACTIVE;
  }

  /** The SDK call in progress, closed if the response is cancelled (that abandons the HTTP exchange). */
  synchronized boolean track(AutoCloseable call) {
    abortable = call;
    return state == State.ACTIVE;
  }

  /** Sends an event of the pipeline's (e.g. the transcription) unless the response has ended. */
  synchronized void send(ObjectNode event) {
    if (state == State.ACTIVE) {
      client.sendText(RealtimeEvents.toJson(event));
    }
  }

  /** A sentence is about to be spoken: its transcript delta. */
  synchronized void sentence(String text) {
    if (state != State.ACTIVE) {
      return;
    }
    String delta = transcript.length() == 0 ? text : " " + text;
    transcript.append(delta);
    client.sendText(RealtimeEvents.toJson(
        RealtimeEvents.outputEvent("response.output_audio_transcript.delta", responseId, itemId).put("delta", delta)));
  }

  /** PCM from the speech call, in any chunk size. */
  synchronized void audio(byte[] pcm, int length) {
    if (state == State.ACTIVE && length > 0) {
      audio.add(Arrays.copyOf(pcm, length));
      buffered += length;
    }
  }

  /** The pipeline produced everything; the response completes when its audio has been sent. */
  synchronized void producerDone() {
    producerDone = true;
  }

  synchronized void fail(String code, String message) {
    if (state != State.ACTIVE) {
      return;
    }
    end();
    client.sendText(RealtimeEvents.toJson(RealtimeEvents.responseDone(
        responseId, "failed", RealtimeEvents.failedDetails(code, message), usage.toJson(),
        audioStarted ? itemId : null, transcript.toString())));
    if (audioStarted) {
      client.sendText(RealtimeEvents.toJson(RealtimeEvents.audioBufferEvent("output_audio_buffer.cleared", responseId)));
    }
  }

  /**
   * Barge-in or {@code response.cancel}: a response still producing ends {@code cancelled}
   * (true); one whose audio is all sent but still playing has its playback cleared (false).
   */
  synchronized boolean cancel(String reason) {
    if (state == State.ENDED) {
      return false;
    }
    boolean active = state == State.ACTIVE;
    end();
    if (audioStarted) {
      client.sendText(RealtimeEvents.toJson(RealtimeEvents.audioBufferEvent("output_audio_buffer.cleared", responseId)));
    }
    if (active) {
      if (audioStarted) {
        client.sendText(RealtimeEvents.toJson(
            RealtimeEvents.outputEvent("response.output_audio.done", responseId, itemId)));
      }
      client.sendText(RealtimeEvents.toJson(RealtimeEvents.responseDone(
          responseId, "cancelled", RealtimeEvents.cancelledDetails(reason), usage.toJson(),
          audioStarted ? itemId : null, transcript.toString())));
    }
    return active;
  }

  /** {@code response.cancel}: only a response still producing can be cancelled (then true). */
  synchronized boolean cancelProducing(String reason) {
    return state == State.ACTIVE && cancel(reason);
  }

  /** The session is gone: stop everything, send nothing. */
  synchronized void abandon() {
    if (state != State.ENDED) {
      end();
    }
  }

  /** Whether it is producing or its audio is still playing: a user speaking now barges in. */
  synchronized boolean inProgress() {
    return state != State.ENDED;
  }

  private void end() {
    state = State.ENDED;
    if (tick != null) {
      tick.cancel(false);
    }
    audio.clear();
    headOffset = 0;
    buffered = 0;
    AutoCloseable call = abortable;
    abortable = null;
    if (call != null) {
      try {
        call.close();
      } catch (Exception e) {
        // Closing an abandoned SDK response may fail half-way; the response is over either way.
      }
    }
    onAbort.run();
  }

  private synchronized void tick() {
    long now = System.nanoTime();
    if (state == State.PLAYING_OUT) {
      if (now >= playheadEndNanos) {
        state = State.ENDED;
        tick.cancel(false);
        client.sendText(RealtimeEvents.toJson(RealtimeEvents.audioBufferEvent("output_audio_buffer.stopped", responseId)));
      }
      return;
    }
    if (state != State.ACTIVE) {
      return;
    }
    while (buffered >= deltaBytes || (producerDone && buffered > 0)) {
      if (audioStarted && playheadEndNanos - now > TimeUnit.MILLISECONDS.toNanos(LEAD_MS)) {
        return;
      }
      byte[] delta = take((int) Math.min(deltaBytes, buffered));
      if (!audioStarted) {
        audioStarted = true;
        playheadEndNanos = now;
        client.sendText(RealtimeEvents.toJson(RealtimeEvents.audioBufferEvent("output_audio_buffer.started", responseId)));
      }
      client.sendText(RealtimeEvents.toJson(RealtimeEvents.outputEvent("response.output_audio.delta", responseId, itemId)
          .put("delta", Base64.getEncoder().encodeToString(delta))));
      playheadEndNanos = Math.max(playheadEndNanos, now) + TimeUnit.MILLISECONDS.toNanos(delta.length / bytesPerMs);
    }
    if (producerDone && buffered == 0) {
      complete(now);
    }
  }

  private void complete(long now) {
    if (audioStarted) {
      client.sendText(RealtimeEvents.toJson(RealtimeEvents.outputEvent("response.output_audio.done", responseId, itemId)));
      client.sendText(RealtimeEvents.toJson(RealtimeEvents.outputEvent("response.output_audio_transcript.done", responseId, itemId)
          .put("transcript", transcript.toString())));
    }
    client.sendText(RealtimeEvents.toJson(RealtimeEvents.responseDone(
        responseId, "completed", null, usage.toJson(), audioStarted ? itemId : null, transcript.toString())));
    abortable = null;
    if (audioStarted && playheadEndNanos > now) {
      state = State.PLAYING_OUT; // the tick keeps running until playback ends
    } else {
      state = State.ENDED;
      tick.cancel(false);
      if (audioStarted) {
        client.sendText(RealtimeEvents.toJson(RealtimeEvents.audioBufferEvent("output_audio_buffer.stopped", responseId)));
      }
    }
  }

  private byte[] take(int length) {
    byte[] out = new byte[length];
    int filled = 0;
    while (filled < length) {
      byte[] head = audio.peek();
      int run = Math.min(length - filled, head.length - headOffset);
      System.arraycopy(head, headOffset, out, filled, run);
      filled += run;
      headOffset += run;
      if (headOffset == head.length) {
        audio.poll();
        headOffset = 0;
      }
    }
    buffered -= length;
    return out;
  }
}
