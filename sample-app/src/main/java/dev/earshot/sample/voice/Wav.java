package dev.earshot.sample.voice;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * WAV files of 16-bit little-endian PCM: writing one around an utterance (for the transcription
 * upload) and reading one into mono PCM at a given rate (for the load generator's recorded voice).
 */
public final class Wav {

  private static final int HEADER_BYTES = 44;

  private Wav() {}

  /** A canonical 44-byte RIFF/WAVE header followed by {@code pcm} (16-bit mono at {@code sampleRate}). */
  public static byte[] wrap(byte[] pcm, int sampleRate) {
    ByteBuffer wav = ByteBuffer.allocate(HEADER_BYTES + pcm.length).order(ByteOrder.LITTLE_ENDIAN);
    wav.put("RIFF".getBytes(StandardCharsets.US_ASCII)).putInt(36 + pcm.length);
    wav.put("WAVEfmt ".getBytes(StandardCharsets.US_ASCII)).putInt(16);
    wav.putShort((short) 1).putShort((short) 1).putInt(sampleRate).putInt(sampleRate * 2);
    wav.putShort((short) 2).putShort((short) 16);
    wav.put("data".getBytes(StandardCharsets.US_ASCII)).putInt(pcm.length);
    wav.put(pcm);
    return wav.array();
  }

  /**
   * The audio of a 16-bit PCM WAV file as mono PCM at {@code targetRate}: channels are averaged,
   * other rates resampled linearly (good enough for a voice activity detector and a transcriber).
   *
   * @throws IllegalArgumentException if the bytes are not a 16-bit PCM WAV file
   */
  public static byte[] readMono(byte[] file, int targetRate) {
    ByteBuffer in = ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN);
    if (file.length < 12 || !ascii(file, 0, "RIFF") || !ascii(file, 8, "WAVE")) {
      throw new IllegalArgumentException("not a RIFF/WAVE file");
    }
    int channels = 0;
    int rate = 0;
    int bits = 0;
    int offset = 12;
    while (offset + 8 <= file.length) {
      int size = in.getInt(offset + 4);
      if (size < 0 || offset + 8L + size > file.length) {
        size = file.length - offset - 8; // a truncated last chunk: take what is there
      }
      if (ascii(file, offset, "fmt ")) {
        if (in.getShort(offset + 8) != 1) {
          throw new IllegalArgumentException("only uncompressed PCM WAV files are supported");
        }
        channels = in.getShort(offset + 10);
        rate = in.getInt(offset + 12);
        bits = in.getShort(offset + 22);
      } else if (ascii(file, offset, "data")) {
        if (bits != 16 || channels < 1 || rate < 1) {
          throw new IllegalArgumentException("only 16-bit PCM WAV files are supported (fmt before data)");
        }
        return resample(mono(in, offset + 8, size, channels), rate, targetRate);
      }
      offset += 8 + size + (size & 1);
    }
    throw new IllegalArgumentException("the WAV file has no data chunk");
  }

  private static short[] mono(ByteBuffer in, int start, int size, int channels) {
    int frames = size / (2 * channels);
    short[] out = new short[frames];
    for (int f = 0; f < frames; f++) {
      int sum = 0;
      for (int c = 0; c < channels; c++) {
        sum += in.getShort(start + (f * channels + c) * 2);
      }
      out[f] = (short) (sum / channels);
    }
    return out;
  }

  private static byte[] resample(short[] samples, int fromRate, int toRate) {
    int count = (int) ((long) samples.length * toRate / fromRate);
    ByteBuffer out = ByteBuffer.allocate(count * 2).order(ByteOrder.LITTLE_ENDIAN);
    for (int n = 0; n < count; n++) {
      double position = (double) n * fromRate / toRate;
      int i = (int) position;
      double fraction = position - i;
      int a = samples[Math.min(i, samples.length - 1)];
      int b = samples[Math.min(i + 1, samples.length - 1)];
      out.putShort((short) Math.round(a + (b - a) * fraction));
    }
    return out.array();
  }

  private static boolean ascii(byte[] data, int offset, String text) {
    if (offset + text.length() > data.length) {
      return false;
    }
    for (int i = 0; i < text.length(); i++) {
      if (data[offset + i] != text.charAt(i)) {
        return false;
      }
    }
    return true;
  }
}
