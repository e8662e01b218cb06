package dev.earshot.sample.voice;

/**
 * Energy-based voice activity detection on 16-bit little-endian mono PCM, frame by frame (20 ms),
 * as a Realtime server's server-side VAD does: speech starts when the frame energy stays above the
 * threshold for {@link #START_FRAMES} frames and stops after {@link #STOP_FRAMES} frames below it
 * (the hang-over that bridges the gaps between syllables and words).
 *
 * <p>The threshold follows the background: a noise floor measured over the first
 * {@link #CALIBRATION_FRAMES} frames, then tracked while nobody speaks (rising slowly, falling
 * fast), times {@link #SPEECH_TO_NOISE} (about 12 dB), never below {@link #MIN_SPEECH_RMS}. Times are audio times (from the samples fed), as the Realtime events'
 * {@code audio_start_ms} / {@code audio_end_ms}.
 *
 * <p>Not thread-safe: one detector per audio stream.
 */
public final class VoiceActivityDetector {

  /** Outcome of one frame. */
  public enum Transition { NONE, SPEECH_STARTED, SPEECH_STOPPED }

  public static final int FRAME_MS = 20;
  static final int START_FRAMES = 3;
  static final int STOP_FRAMES = 25;
  static final double SPEECH_TO_NOISE = 4.0;
  static final double MIN_SPEECH_RMS = 500;
  /** Frames that only measure the background before anything can count as speech (200 ms). */
  static final int CALIBRATION_FRAMES = 10;
  private static final double FLOOR_RISE = 0.02;
  private static final double FLOOR_FALL = 0.5;

  private final int samplesPerFrame;
  private final short[] frame;
  private int filled;
  private long framesSeen;

  private double noiseFloor = 0;
  private boolean speaking;
  private int aboveRun;
  private int belowRun;
  private long speechStartFrame = -1;
  private long lastSpeechFrame = -1;
  private long speechStartMs = -1;
  private long speechEndMs = -1;

  public VoiceActivityDetector(int sampleRate) {
    if (sampleRate < 8_000 || sampleRate > 48_000) {
      throw new IllegalArgumentException("sample rate must be between 8000 and 48000 Hz, was " + sampleRate);
    }
    this.samplesPerFrame = sampleRate * FRAME_MS / 1000;
    this.frame = new short[samplesPerFrame];
  }

  /**
   * Feeds PCM bytes (any length; an odd trailing byte is ignored).
   *
   * @return the last transition in these bytes, or NONE; the times of the latest ones are in
   *     {@link #speechStartMs()} and {@link #speechEndMs()}
   */
  public Transition accept(byte[] pcm, int offset, int length) {
    Transition last = Transition.NONE;
    for (int i = offset; i + 1 < offset + length; i += 2) {
      frame[filled++] = (short) ((pcm[i] & 0xff) | (pcm[i + 1] << 8));
      if (filled == samplesPerFrame) {
        filled = 0;
        Transition t = frame(rms(frame));
        if (t != Transition.NONE) {
          last = t;
        }
      }
    }
    return last;
  }

  public boolean speaking() {
    return speaking;
  }

  /** Audio time of the start of the latest speech, or -1. */
  public long speechStartMs() {
    return speechStartMs;
  }

  /** Audio time of the end of the latest finished speech (its last loud frame's end), or -1. */
  public long speechEndMs() {
    return speechEndMs;
  }

  private Transition frame(double rms) {
    long index = framesSeen++;
    if (index < CALIBRATION_FRAMES) {
      noiseFloor += (rms - noiseFloor) / (index + 1);
      return Transition.NONE;
    }
    boolean loud = rms >= Math.max(MIN_SPEECH_RMS, noiseFloor * SPEECH_TO_NOISE);
    if (!speaking) {
      if (loud) {
        if (aboveRun++ == 0) {
          speechStartFrame = index;
        }
        if (aboveRun >= START_FRAMES) {
          speaking = true;
          belowRun = 0;
          lastSpeechFrame = index;
          speechStartMs = speechStartFrame * FRAME_MS;
          return Transition.SPEECH_STARTED;
        }
      } else {
        aboveRun = 0;
        // The floor follows quiet frames: fast down (a noise that stops), slowly up (a fan starting).
        noiseFloor += (rms < noiseFloor ? FLOOR_FALL : FLOOR_RISE) * (rms - noiseFloor);
      }
      return Transition.NONE;
    }
    if (loud) {
      belowRun = 0;
      lastSpeechFrame = index;
      return Transition.NONE;
    }
    if (++belowRun >= STOP_FRAMES) {
      speaking = false;
      aboveRun = 0;
      speechEndMs = (lastSpeechFrame + 1) * FRAME_MS;
      return Transition.SPEECH_STOPPED;
    }
    return Transition.NONE;
  }

  private static double rms(short[] samples) {
    double sum = 0;
    for (short s : samples) {
      sum += (double) s * s;
    }
    return Math.sqrt(sum / samples.length);
  }
}
