package dev.earshot.sample.openai.simulator;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * Real audio bytes for {@code /v1/audio/speech} and audio measurements for uploads.
 *
 * <p>Speech is 24 kHz, 16-bit, mono PCM (OpenAI's TTS format) of exactly {@link
 * #SAMPLES_PER_CHARACTER} samples per input character at speed 1.0 (60 ms, a talking pace): a
 * buzzing, syllable-shaped tone, so a player makes an audible sound of the expected length. WAV is
 * that PCM behind a 44-byte RIFF/WAVE header; MP3 is a stream of valid MPEG-2 Layer III frames
 * (24 kHz, mono, 64 kbit/s) that decode to silence of the same length, since encoding MP3 is out
 * of scope.
 *
 * <p>Public for the Realtime simulator ({@code simulator.realtime}), which streams the same speech.
 */
public final class Audio {

  public static final int SAMPLE_RATE = 24_000;
  public static final int BYTES_PER_SAMPLE = 2;
  public static final int SAMPLES_PER_CHARACTER = 1_440;
  static final int WAV_HEADER_BYTES = 44;

  /** MPEG-2 Layer III at 24 kHz: 576 samples per frame; at 64 kbit/s a frame is 192 bytes. */
  static final int MP3_SAMPLES_PER_FRAME = 576;
  static final int MP3_FRAME_BYTES = 192;

  private Audio() {}

  /** Samples of speech for {@code input} at {@code speed} (0.25 to 4.0). */
  public static int speechSamples(String input, double speed) {
    long characters = input.codePointCount(0, input.length());
    return (int) Math.ceil(characters * SAMPLES_PER_CHARACTER / speed);
  }

  /** Little-endian 16-bit mono PCM at 24 kHz. */
  public static byte[] pcm16(int samples, long seed) {
    ByteBuffer out = ByteBuffer.allocate(samples * BYTES_PER_SAMPLE).order(ByteOrder.LITTLE_ENDIAN);
    double pitch = 110 + Math.floorMod(seed, 90); // a speaking voice's fundamental, 110-199 Hz
    int syllable = SAMPLE_RATE * 3 / 20; // 150 ms
    int fade = SAMPLE_RATE / 200; // 5 ms at either end, so there is no click
    for (int n = 0; n < samples; n++) {
      double t = n / (double) SAMPLE_RATE;
      double voice =
          0.6 * Math.sin(2 * Math.PI * pitch * t)
              + 0.3 * Math.sin(4 * Math.PI * pitch * t)
              + 0.1 * Math.sin(6 * Math.PI * pitch * t);
      double envelope = Math.pow(Math.sin(Math.PI * (n % syllable) / syllable), 2);
      double edge = Math.min(1.0, Math.min(n, samples - 1 - n) / (double) fade);
      out.putShort((short) Math.round(voice * envelope * edge * 0.25 * Short.MAX_VALUE));
    }
    return out.array();
  }

  /** A canonical 44-byte RIFF/WAVE header for 24 kHz 16-bit mono PCM of {@code dataBytes}. */
  static byte[] wavHeader(int dataBytes) {
    ByteBuffer header = ByteBuffer.allocate(WAV_HEADER_BYTES).order(ByteOrder.LITTLE_ENDIAN);
    header.put("RIFF".getBytes(StandardCharsets.US_ASCII));
    header.putInt(36 + dataBytes);
    header.put("WAVE".getBytes(StandardCharsets.US_ASCII));
    header.put("fmt ".getBytes(StandardCharsets.US_ASCII));
    header.putInt(16); // fmt chunk size
    header.putShort((short) 1); // PCM
    header.putShort((short) 1); // mono
    header.putInt(SAMPLE_RATE);
    header.putInt(SAMPLE_RATE * BYTES_PER_SAMPLE); // byte rate
    header.putShort((short) BYTES_PER_SAMPLE); // block align
    header.putShort((short) 16); // bits per sample
    header.put("data".getBytes(StandardCharsets.US_ASCII));
    header.putInt(dataBytes);
    return header.array();
  }

  /** Silent MP3 frames covering at least {@code samples} samples. */
  static byte[] mp3Silence(int samples) {
    int frames = Math.max(1, (samples + MP3_SAMPLES_PER_FRAME - 1) / MP3_SAMPLES_PER_FRAME);
    byte[] out = new byte[frames * MP3_FRAME_BYTES];
    for (int frame = 0; frame < frames; frame++) {
      int offset = frame * MP3_FRAME_BYTES;
      // sync 0xFFF, MPEG-2 (10), Layer III (01), no CRC (1)
      out[offset] = (byte) 0xFF;
      out[offset + 1] = (byte) 0xF3;
      // bitrate index 1000 (64 kbit/s), sample rate 01 (24 kHz), no padding, private 0
      out[offset + 2] = (byte) 0x84;
      // channel mode 11 (mono), no mode extension, not copyrighted, original, no emphasis.
      // The 9 bytes of side information and the main data stay zero: zero granules decode to
      // silence.
      out[offset + 3] = (byte) 0xC4;
    }
    return out;
  }

  /**
   * Duration of an uploaded audio file: exact for WAV (from its fmt and data chunks), otherwise
   * estimated from its size as 128 kbit/s compressed audio.
   */
  static double durationSeconds(byte[] file) {
    double wav = wavDurationSeconds(file);
    return Double.isNaN(wav) ? file.length / 16_000.0 : wav;
  }

  /** Duration of a RIFF/WAVE file, or NaN when {@code file} is not one. */
  static double wavDurationSeconds(byte[] file) {
    if (file.length < 12
        || !ascii(file, 0, "RIFF")
        || !ascii(file, 8, "WAVE")) {
      return Double.NaN;
    }
    ByteBuffer buffer = ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN);
    long byteRate = 0;
    int offset = 12;
    while (offset + 8 <= file.length) {
      long size = buffer.getInt(offset + 4) & 0xFFFFFFFFL;
      if (ascii(file, offset, "fmt ") && offset + 16 <= file.length) {
        byteRate = buffer.getInt(offset + 16) & 0xFFFFFFFFL;
      } else if (ascii(file, offset, "data")) {
        long available = file.length - (offset + 8L);
        long data = Math.min(size, available); // streamed WAVs put 0xFFFFFFFF here
        return byteRate == 0 ? Double.NaN : data / (double) byteRate;
      }
      long next = offset + 8L + size + (size & 1); // chunks are padded to even sizes
      if (next > file.length) {
        break;
      }
      offset = (int) next;
    }
    return Double.NaN;
  }

  private static boolean ascii(byte[] data, int offset, String text) {
    if (offset + text.length() > data.length) {
      return false;
    }
    for (int i = 0; i < text.length(); i++) {
      if (data[offset + i] != (byte) text.charAt(i)) {
        return false;
      }
    }
    return true;
  }
}
