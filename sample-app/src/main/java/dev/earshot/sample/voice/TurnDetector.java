package dev.earshot.sample.voice;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;

/**
 * The input side of a conversation: feeds the client's audio to a {@link VoiceActivityDetector}
 * and keeps the audio of the current utterance, from {@link #PREFIX_PADDING_MS} before the
 * detected start (as OpenAI's {@code prefix_padding_ms}) to the end of the hang-over that ended it.
 *
 * <p>Memory is bounded: between utterances only the last second of audio is kept (for the
 * padding), and an utterance reaching the maximum length ends the turn there ({@link
 * Turn#truncated()}); the rest of that speech, until the detector hears silence, is not recorded.
 *
 * <p>Not thread-safe: the conversation calls it under its own lock.
 */
final class TurnDetector {

  static final int PREFIX_PADDING_MS = 300;
  private static final int HISTORY_MS = 1_000;

  /** What one call to {@link #accept} found; at most one start and one end per call. */
  sealed interface Event permits SpeechStarted, Turn {}

  record SpeechStarted(long audioStartMs) implements Event {}

  /** A finished utterance: its PCM and the audio time its speech ended. */
  record Turn(long audioEndMs, byte[] pcm, boolean truncated) implements Event {}

  private final int bytesPerMs;
  private final int maxUtteranceBytes;
  private final VoiceActivityDetector vad;
  private final byte[] history;
  private long historyEnd; // total bytes ever fed, i.e. the audio time of the history's end
  private ByteArrayOutputStream utterance;
  private boolean ignoringRestOfSpeech;

  TurnDetector(int sampleRate, long maxUtteranceMs) {
    this.bytesPerMs = sampleRate * 2 / 1000;
    this.maxUtteranceBytes = (int) Math.min(Integer.MAX_VALUE - 16, maxUtteranceMs * bytesPerMs);
    this.vad = new VoiceActivityDetector(sampleRate);
    this.history = new byte[HISTORY_MS * bytesPerMs];
  }

  /** Audio time fed so far, in ms. */
  long audioMs() {
    return historyEnd / bytesPerMs;
  }

  boolean inUtterance() {
    return utterance != null;
  }

  /**
   * Ends the utterance being recorded now ({@code input_audio_buffer.commit}), or returns null if
   * there is none; the rest of that speech is not recorded.
   */
  Turn commitNow() {
    if (utterance == null) {
      return null;
    }
    ignoringRestOfSpeech = vad.speaking();
    return finish(audioMs(), false);
  }

  /** Drops the utterance being recorded ({@code input_audio_buffer.clear}). */
  void clear() {
    if (utterance != null) {
      utterance = null;
      ignoringRestOfSpeech = vad.speaking();
    }
  }

  /**
   * Feeds PCM; returns the events in order (a start and the end of the same or a previous
   * utterance can fall in one large append). Audio is fed in 20 ms steps so that a turn's bytes
   * stop exactly where the detector ended it.
   */
  java.util.List<Event> accept(byte[] pcm) {
    java.util.List<Event> events = new java.util.ArrayList<>(2);
    int step = VoiceActivityDetector.FRAME_MS * bytesPerMs;
    for (int offset = 0; offset < pcm.length; offset += step) {
      int length = Math.min(step, pcm.length - offset);
      VoiceActivityDetector.Transition transition = vad.accept(pcm, offset, length);
      remember(pcm, offset, length);
      if (utterance != null) {
        utterance.write(pcm, offset, length);
      }
      if (transition == VoiceActivityDetector.Transition.SPEECH_STARTED && !ignoringRestOfSpeech) {
        startUtterance();
        events.add(new SpeechStarted(vad.speechStartMs()));
      } else if (transition == VoiceActivityDetector.Transition.SPEECH_STOPPED) {
        if (utterance != null) {
          events.add(finish(vad.speechEndMs(), false));
        }
        ignoringRestOfSpeech = false;
      }
      if (utterance != null && utterance.size() >= maxUtteranceBytes) {
        events.add(finish(audioMs(), true));
        ignoringRestOfSpeech = true;
      }
    }
    return events;
  }

  private void startUtterance() {
    // The detector reports speech a few frames after it began: take the audio from the padding
    // before the start out of the history (which already holds this frame).
    long startByte = Math.max(0, (vad.speechStartMs() - PREFIX_PADDING_MS) * bytesPerMs);
    long available = Math.min(historyEnd, history.length);
    long from = Math.max(startByte, historyEnd - available);
    utterance = new ByteArrayOutputStream((int) Math.min(maxUtteranceBytes, 10L * 1000 * bytesPerMs));
    for (long b = from; b < historyEnd; ) {
      int index = (int) (b % history.length);
      int run = (int) Math.min(historyEnd - b, history.length - index);
      utterance.write(history, index, run);
      b += run;
    }
  }

  private Turn finish(long audioEndMs, boolean truncated) {
    byte[] pcm = utterance.toByteArray();
    utterance = null;
    return new Turn(audioEndMs, truncated ? Arrays.copyOf(pcm, Math.min(pcm.length, maxUtteranceBytes)) : pcm, truncated);
  }

  private void remember(byte[] pcm, int offset, int length) {
    for (int i = 0; i < length; ) {
      int index = (int) (historyEnd % history.length);
      int run = Math.min(length - i, history.length - index);
      System.arraycopy(pcm, offset + i, history, index, run);
      i += run;
      historyEnd += run;
    }
  }
}
