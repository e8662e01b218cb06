package dev.earshot.sample.voice;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.earshot.sample.voice.VoiceActivityDetector.Transition;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class VoiceActivityDetectorTest {

  private static final int RATE = 24_000;

  /** Feeds the audio in 20 ms chunks, as a client's input_audio_buffer.append frames; lists the transitions with their audio times. */
  private static List<String> detect(byte[] audio) {
    VoiceActivityDetector vad = new VoiceActivityDetector(RATE);
    List<String> transitions = new ArrayList<>();
    int chunk = RATE / 50 * 2;
    for (int offset = 0; offset < audio.length; offset += chunk) {
      Transition t = vad.accept(audio, offset, Math.min(chunk, audio.length - offset));
      if (t == Transition.SPEECH_STARTED) {
        transitions.add("started@" + vad.speechStartMs());
      } else if (t == Transition.SPEECH_STOPPED) {
        transitions.add("stopped@" + vad.speechEndMs());
      }
    }
    return transitions;
  }

  private static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] part : parts) {
      out.writeBytes(part);
    }
    return out.toByteArray();
  }

  private static byte[] silence(int ms) {
    return new byte[RATE * ms / 1000 * 2];
  }

  @Test
  void oneUtteranceBetweenSilencesIsOneSpeechSegmentAtItsTimes() {
    List<String> transitions = detect(concat(silence(1000), SyntheticSpeech.utterance(RATE, 1500, 7), silence(1000)));
    assertThat(transitions).hasSize(2);
    assertThat(ms(transitions.get(0), "started@")).isBetween(1000L, 1060L);
    assertThat(ms(transitions.get(1), "stopped@")).isBetween(2440L, 2500L);
  }

  @Test
  void pausesBetweenWordsDoNotEndTheSpeechButASecondOfSilenceDoes() {
    byte[] audio = concat(silence(500), SyntheticSpeech.utterance(RATE, 1200, 1), silence(200), SyntheticSpeech.utterance(RATE, 800, 2),
        silence(1000), SyntheticSpeech.utterance(RATE, 900, 3), silence(800));
    List<String> transitions = detect(audio);
    assertThat(transitions).hasSize(4);
    assertThat(transitions.get(0)).startsWith("started@");
    assertThat(transitions.get(1)).startsWith("stopped@");
    assertThat(ms(transitions.get(1), "stopped@")).isBetween(2640L, 2700L);
    assertThat(ms(transitions.get(2), "started@")).isBetween(3700L, 3760L);
  }

  @Test
  void backgroundNoiseAloneIsNotSpeechAndSpeechOverItIs() {
    assertThat(detect(SyntheticSpeech.noise(RATE, 3000, 5, 150))).isEmpty();
    assertThat(detect(SyntheticSpeech.noise(RATE, 3000, 5, 1500))).isEmpty();
    List<String> overNoise = detect(concat(SyntheticSpeech.noise(RATE, 1000, 9, 600),
        SyntheticSpeech.utteranceOverNoise(RATE, 1500, 4, 600), SyntheticSpeech.noise(RATE, 1000, 10, 600)));
    assertThat(overNoise).hasSize(2);
    assertThat(ms(overNoise.get(0), "started@")).isBetween(1000L, 1060L);
  }

  @Test
  void oddChunkSizesGiveTheSameResult() {
    byte[] audio = concat(silence(700), SyntheticSpeech.utterance(RATE, 1000, 11), silence(900));
    VoiceActivityDetector vad = new VoiceActivityDetector(RATE);
    List<Transition> seen = new ArrayList<>();
    for (int offset = 0; offset < audio.length; offset += 1234) {
      Transition t = vad.accept(audio, offset, Math.min(1234, audio.length - offset));
      if (t != Transition.NONE) {
        seen.add(t);
      }
    }
    assertThat(seen).containsExactly(Transition.SPEECH_STARTED, Transition.SPEECH_STOPPED);
    assertThat(detect(audio)).containsExactly("started@" + vad.speechStartMs(), "stopped@" + vad.speechEndMs());
  }

  @Test
  void sampleRatesOutsideSpeechRangesAreRejected() {
    assertThatThrownBy(() -> new VoiceActivityDetector(4_000)).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("sample rate must be between 8000 and 48000 Hz, was 4000");
  }

  @Test
  void syntheticSpeechIsDeterministicBySeed() {
    assertThat(SyntheticSpeech.utterance(RATE, 500, 3)).isEqualTo(SyntheticSpeech.utterance(RATE, 500, 3));
    assertThat(SyntheticSpeech.utterance(RATE, 500, 3)).isNotEqualTo(SyntheticSpeech.utterance(RATE, 500, 4));
    assertThat(SyntheticSpeech.utterance(RATE, 500, 3)).hasSize(RATE / 2 * 2);
  }

  private static long ms(String transition, String prefix) {
    assertThat(transition).startsWith(prefix);
    return Long.parseLong(transition.substring(prefix.length()));
  }
}
