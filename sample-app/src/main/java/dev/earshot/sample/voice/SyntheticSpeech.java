package dev.earshot.sample.voice;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Random;

/**
 * Speech-like 16-bit little-endian mono PCM, deterministic by seed, for simulated callers: a voiced
 * source (a fundamental of 100-220 Hz with its harmonics, pitch drifting like intonation) shaped
 * into syllables of 120-260 ms with short pauses between words, over an optional noise floor. Not
 * intelligible, but it has the energy envelope a voice activity detector sees in real speech.
 */
public final class SyntheticSpeech {

  private SyntheticSpeech() {}

  /** An utterance of {@code durationMs}, no background noise. */
  public static byte[] utterance(int sampleRate, int durationMs, long seed) {
    return render(sampleRate, durationMs, seed, 0, true);
  }

  /** Background noise only (white, amplitude {@code noiseRms} RMS), e.g. a caller's room. */
  public static byte[] noise(int sampleRate, int durationMs, long seed, double noiseRms) {
    return render(sampleRate, durationMs, seed, noiseRms, false);
  }

  /** An utterance over background noise. */
  public static byte[] utteranceOverNoise(int sampleRate, int durationMs, long seed, double noiseRms) {
    return render(sampleRate, durationMs, seed, noiseRms, true);
  }

  private static byte[] render(int sampleRate, int durationMs, long seed, double noiseRms, boolean voiced) {
    int samples = (int) ((long) sampleRate * durationMs / 1000);
    ByteBuffer out = ByteBuffer.allocate(samples * 2).order(ByteOrder.LITTLE_ENDIAN);
    Random random = new Random(seed);
    double basePitch = 100 + random.nextInt(120);
    double phase = 0;
    int syllableStart = 0;
    int syllableLength = syllableSamples(sampleRate, random);
    boolean pause = false;
    double loudness = 0.25 + 0.1 * random.nextDouble();
    int fade = sampleRate / 200;
    for (int n = 0; n < samples; n++) {
      if (n - syllableStart >= syllableLength) {
        syllableStart = n;
        // One syllable in five ends a word: a short pause (60-140 ms) before the next.
        pause = !pause && random.nextInt(5) == 0;
        syllableLength = pause ? sampleRate * (60 + random.nextInt(80)) / 1000 : syllableSamples(sampleRate, random);
        loudness = 0.25 + 0.1 * random.nextDouble();
      }
      double sample = 0;
      if (voiced && !pause) {
        double t = n / (double) sampleRate;
        double pitch = basePitch * (1 + 0.08 * Math.sin(2 * Math.PI * 0.7 * t));
        phase += 2 * Math.PI * pitch / sampleRate;
        double voice = 0.55 * Math.sin(phase) + 0.25 * Math.sin(2 * phase) + 0.12 * Math.sin(3 * phase) + 0.08 * Math.sin(5 * phase);
        double position = (n - syllableStart) / (double) syllableLength;
        double envelope = Math.pow(Math.sin(Math.PI * position), 0.6);
        double edge = Math.min(1.0, Math.min(n, samples - 1 - n) / (double) fade);
        sample = voice * envelope * edge * loudness * Short.MAX_VALUE;
      }
      if (noiseRms > 0) {
        sample += random.nextGaussian() * noiseRms;
      }
      out.putShort((short) Math.max(Short.MIN_VALUE, Math.min(Short.MAX_VALUE, Math.round(sample))));
    }
    return out.array();
  }

  private static int syllableSamples(int sampleRate, Random random) {
    return sampleRate * (120 + random.nextInt(140)) / 1000;
  }
}
