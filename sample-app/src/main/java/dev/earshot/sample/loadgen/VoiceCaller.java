package dev.earshot.sample.loadgen;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.earshot.sample.voice.SyntheticSpeech;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.Base64;
import java.util.Random;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One simulated caller on {@code /ws/realtime}: a microphone that sends a 20 ms {@code
 * input_audio_buffer.append} every 20 ms of wall time (speech during an utterance, a quiet noise
 * floor otherwise, as a real microphone never stops), and an ear that follows the answer's
 * audio, its playback clock and {@code response.done}.
 *
 * <p>A turn: a pause of 0.6-1.5 s, an utterance of 0.8-1.8 s, then listening. With the barge-in
 * probability the caller starts its next utterance 0.2-1 s into the answer's audio; otherwise it
 * waits until the answer has played out. Every choice comes from a {@link Random} seeded by the
 * run's seed and the caller's number, so a run repeats under a seed (timings aside).
 */
final class VoiceCaller implements WebSocket.Listener {

  private static final int RATE = 24_000;
  private static final int FRAME_BYTES = RATE / 50 * 2;
  private static final long ANSWER_TIMEOUT_NANOS = TimeUnit.SECONDS.toNanos(30);
  private static final int MAX_PENDING_SENDS = 50;
  private static final ObjectMapper JSON = new ObjectMapper();

  private enum Phase { CONNECTING, PAUSE, SPEAKING, AWAITING, LISTENING, DONE }

  private final int number;
  private final LoadOptions options;
  private final byte[] wav;
  private final Random random;
  private final byte[] noise;
  private final LoadReport report = new LoadReport();
  private final CountDownLatch finished;
  private final AtomicInteger pendingSends = new AtomicInteger();
  private final StringBuilder partial = new StringBuilder();

  private WebSocket socket;
  private ScheduledFuture<?> tick;
  private Phase phase = Phase.CONNECTING;
  private long deadlineNanos;
  private long phaseEndNanos;
  private byte[] speech;
  private int offset;
  private int noiseOffset;
  private int turns;
  private long speechEndNanos;
  private String answerId;
  private long playbackStartNanos;
  private long playedMs;
  private boolean answerDone;
  private long bargeAtNanos;

  VoiceCaller(int number, LoadOptions options, byte[] wav, CountDownLatch finished) {
    this.number = number;
    this.options = options;
    this.wav = wav;
    this.finished = finished;
    this.random = new Random(options.seed() * 1_000_003L + number);
    this.noise = SyntheticSpeech.noise(RATE, 1_000, random.nextLong(), 40);
  }

  LoadReport report() {
    return report;
  }

  void start(HttpClient http, ScheduledExecutorService timer, long deadlineNanos, long startDelayMs) {
    this.deadlineNanos = deadlineNanos;
    timer.schedule(() -> http.newWebSocketBuilder()
        .connectTimeout(Duration.ofSeconds(10))
        .buildAsync(options.url(), this)
        .whenComplete((ws, error) -> {
          synchronized (this) {
            if (error != null) {
              report.connectFailures++;
              phase = Phase.DONE;
              finished.countDown();
              return;
            }
            socket = ws;
            report.connected++;
            pause();
            tick = timer.scheduleAtFixedRate(this::tick, 0, 20, TimeUnit.MILLISECONDS);
          }
        }), startDelayMs, TimeUnit.MILLISECONDS);
  }

  /** Ends the call now (the run is over or interrupted). */
  synchronized void stop() {
    if (phase == Phase.CONNECTING) {
      deadlineNanos = System.nanoTime();
      return;
    }
    hangUp();
  }

  private synchronized void tick() {
    if (phase == Phase.DONE) {
      return;
    }
    long now = System.nanoTime();
    if (now >= deadlineNanos) {
      hangUp();
      return;
    }
    switch (phase) {
      case PAUSE -> {
        sendFrame(noiseFrame());
        if (now >= phaseEndNanos) {
          speak();
        }
      }
      case SPEAKING -> {
        int end = Math.min(speech.length, offset + FRAME_BYTES);
        sendFrame(java.util.Arrays.copyOfRange(speech, offset, end));
        offset = end;
        if (offset >= speech.length) {
          speechEndNanos = now;
          turns++;
          report.turns++;
          phase = Phase.AWAITING;
          answerId = null;
          phaseEndNanos = now + ANSWER_TIMEOUT_NANOS;
        }
      }
      case AWAITING -> {
        sendFrame(noiseFrame());
        if (now >= phaseEndNanos) {
          report.unanswered++;
          nextTurn();
        }
      }
      case LISTENING -> {
        sendFrame(noiseFrame());
        if (!answerDone && bargeAtNanos > 0 && now >= bargeAtNanos) {
          report.bargeIns++;
          speak();
        } else if (answerDone && now >= playbackStartNanos + TimeUnit.MILLISECONDS.toNanos(playedMs)) {
          nextTurn();
        }
      }
      default -> { }
    }
  }

  private void nextTurn() {
    if (options.turnsPerCaller() > 0 && turns >= options.turnsPerCaller()) {
      hangUp();
    } else {
      pause();
    }
  }

  private void pause() {
    phase = Phase.PAUSE;
    phaseEndNanos = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(600 + random.nextInt(900));
  }

  private void speak() {
    phase = Phase.SPEAKING;
    speech = wav != null ? wav : SyntheticSpeech.utterance(RATE, 800 + random.nextInt(1_000), random.nextLong());
    offset = 0;
  }

  private void hangUp() {
    if (phase == Phase.DONE) {
      return;
    }
    phase = Phase.DONE;
    if (tick != null) {
      tick.cancel(false);
    }
    if (socket != null && !socket.isOutputClosed()) {
      socket.sendClose(WebSocket.NORMAL_CLOSURE, "caller hung up")
          .orTimeout(2, TimeUnit.SECONDS)
          .whenComplete((ws, error) -> socket.abort());
    }
    finished.countDown();
  }

  private byte[] noiseFrame() {
    if (noiseOffset + FRAME_BYTES > noise.length) {
      noiseOffset = 0;
    }
    byte[] frame = java.util.Arrays.copyOfRange(noise, noiseOffset, noiseOffset + FRAME_BYTES);
    noiseOffset += FRAME_BYTES;
    return frame;
  }

  /** The JDK WebSocket takes one send at a time: sends are chained, and a stalled socket drops frames. */
  private void sendFrame(byte[] pcm) {
    if (pendingSends.get() >= MAX_PENDING_SENDS) {
      return;
    }
    String event = "{\"type\":\"input_audio_buffer.append\",\"audio\":\"" + Base64.getEncoder().encodeToString(pcm) + "\"}";
    pendingSends.incrementAndGet();
    socket.sendText(event, true).whenComplete((ws, error) -> pendingSends.decrementAndGet());
  }

  // ---- the ear ----

  @Override
  public void onOpen(WebSocket webSocket) {
    webSocket.request(1);
  }

  @Override
  public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
    partial.append(data);
    if (last) {
      String text = partial.toString();
      partial.setLength(0);
      try {
        event(JSON.readTree(text), System.nanoTime());
      } catch (Exception e) {
        synchronized (this) {
          report.errorEvents++;
        }
      }
    }
    webSocket.request(1);
    return null;
  }

  private synchronized void event(JsonNode event, long now) {
    switch (event.path("type").asText()) {
      case "input_audio_buffer.committed" -> report.committed++;
      case "conversation.item.input_audio_transcription.completed" -> report.transcribed++;
      case "response.created" -> {
        if (phase == Phase.AWAITING) {
          answerId = event.at("/response/id").asText();
        }
      }
      case "response.output_audio.delta" -> {
        String id = event.path("response_id").asText();
        if (phase == Phase.AWAITING && id.equals(answerId)) {
          report.latency(TimeUnit.NANOSECONDS.toMillis(now - speechEndNanos));
          phase = Phase.LISTENING;
          answerDone = false;
          playbackStartNanos = now;
          playedMs = 0;
          bargeAtNanos = random.nextDouble() < options.bargeInProbability()
              ? now + TimeUnit.MILLISECONDS.toNanos(200 + random.nextInt(800)) : 0;
        }
        if (phase == Phase.LISTENING && id.equals(answerId)) {
          playedMs += event.path("delta").asText().length() * 3L / 4 / (RATE * 2 / 1000);
        }
      }
      case "response.done" -> {
        String status = event.at("/response/status").asText();
        switch (status) {
          case "completed" -> report.answers++;
          case "cancelled" -> report.cancelled++;
          default -> report.failedResponses++;
        }
        String id = event.at("/response/id").asText();
        if (id.equals(answerId)) {
          answerDone = true;
          if (phase == Phase.AWAITING) {
            nextTurn(); // an answer without audio (failed, or nothing to say)
          }
        }
      }
      case "error" -> report.errorEvents++;
      default -> { }
    }
  }

  @Override
  public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
    dropped();
    return null;
  }

  @Override
  public void onError(WebSocket webSocket, Throwable error) {
    dropped();
  }

  private synchronized void dropped() {
    if (phase != Phase.DONE) {
      report.droppedConnections++;
      phase = Phase.DONE;
      if (tick != null) {
        tick.cancel(false);
      }
      finished.countDown();
    }
  }
}
