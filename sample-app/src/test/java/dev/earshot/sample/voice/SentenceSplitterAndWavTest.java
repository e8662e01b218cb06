package dev.earshot.sample.voice;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SentenceSplitterAndWavTest {

  @Test
  void sentencesAreCutWhenTheStreamCompletesThem() {
    SentenceSplitter splitter = new SentenceSplitter();
    List<String> sentences = new ArrayList<>();
    for (String token : List.of("Sure,", " here", " it", " is.", " The", " time", " is", " 10.30", " now!", " Ok?")) {
      sentences.addAll(splitter.add(token));
    }
    assertThat(sentences).containsExactly("Sure, here it is.", "The time is 10.30 now!");
    sentences.addAll(splitter.add(" "));
    assertThat(sentences).containsExactly("Sure, here it is.", "The time is 10.30 now!", "Ok?");
    assertThat(splitter.flush()).isEmpty();
  }

  @Test
  void aLongRunWithoutPunctuationIsCutAtASpace() {
    SentenceSplitter splitter = new SentenceSplitter();
    List<String> sentences = new ArrayList<>(splitter.add("word ".repeat(100)));
    sentences.addAll(splitter.flush());
    assertThat(sentences).hasSizeGreaterThan(1).allSatisfy(s -> assertThat(s.length()).isLessThanOrEqualTo(SentenceSplitter.MAX_CHARS + 5));
    assertThat(String.join(" ", sentences)).isEqualTo("word ".repeat(100).trim());
  }

  @Test
  void wavRoundTripsAndResamplesStereo() {
    byte[] pcm = SyntheticSpeech.utterance(24_000, 200, 3);
    assertThat(Wav.readMono(Wav.wrap(pcm, 24_000), 24_000)).isEqualTo(pcm);
    assertThat(Wav.readMono(Wav.wrap(pcm, 12_000), 24_000)).hasSize(pcm.length * 2);
    assertThatThrownBy(() -> Wav.readMono(new byte[] {1, 2, 3}, 24_000)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aTurnCarriesThePaddingBeforeTheSpeechAndEndsAtTheMaximum() {
    TurnDetector turns = new TurnDetector(24_000, 1_000);
    List<TurnDetector.Event> events = new ArrayList<>(turns.accept(new byte[24_000 * 2])); // 500 ms silence
    events.addAll(turns.accept(SyntheticSpeech.utterance(24_000, 3_000, 5)));
    assertThat(events.get(0)).isInstanceOf(TurnDetector.SpeechStarted.class);
    TurnDetector.Turn turn = (TurnDetector.Turn) events.get(1);
    assertThat(turn.truncated()).isTrue();
    assertThat(turn.pcm()).hasSize(1_000 * 48);
    assertThat(events).hasSize(2); // the rest of that speech is not a new turn
  }
}
