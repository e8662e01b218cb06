package dev.earshot.sample.voice;

import java.util.ArrayList;
import java.util.List;

/**
 * Cuts a streamed answer into sentences, so each can be spoken as soon as it is complete: the
 * first audio then waits for the first sentence, not for the whole answer. A sentence ends at
 * {@code .}, {@code !} or {@code ?} followed by whitespace; a run without one is cut at a space
 * after {@link #MAX_CHARS}, so a long unpunctuated answer does not delay speech either.
 */
final class SentenceSplitter {

  static final int MAX_CHARS = 240;

  private final StringBuilder pending = new StringBuilder();

  /** Adds streamed text; returns the sentences it completed, trimmed, in order. */
  List<String> add(String text) {
    List<String> sentences = new ArrayList<>(1);
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (Character.isWhitespace(c) && endsSentence()) {
        emit(sentences);
      } else if (Character.isWhitespace(c) && pending.length() >= MAX_CHARS) {
        emit(sentences);
      }
      pending.append(c);
    }
    return sentences;
  }

  /** The rest of the answer, or an empty list when nothing but whitespace is left. */
  List<String> flush() {
    List<String> sentences = new ArrayList<>(1);
    emit(sentences);
    return sentences;
  }

  private boolean endsSentence() {
    int last = pending.length() - 1;
    if (last < 0) {
      return false;
    }
    char c = pending.charAt(last);
    return c == '.' || c == '!' || c == '?';
  }

  private void emit(List<String> sentences) {
    String sentence = pending.toString().trim();
    pending.setLength(0);
    if (!sentence.isEmpty()) {
      sentences.add(sentence);
    }
  }
}
