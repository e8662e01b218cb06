package dev.earshot.sample.openai.simulator;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Made-up but deterministic text. An answer is a list of tokens, one word each (with its leading
 * space, as a tokenizer would produce), so "N tokens" means N streamed chunks and N completion
 * tokens. Prompts are measured with a rough four-characters-per-token rule.
 *
 * <p>Public for the Realtime simulator ({@code simulator.realtime}).
 */
public final class TextGenerator {

  /** What a voice assistant might say; answers are runs of these, cut to the token count. */
  private static final String[] SENTENCES = {
    "Sure, here is what I found.",
    "The weather today will be sunny with a light breeze and mild temperatures.",
    "Your next meeting starts at ten in the small conference room.",
    "I have set a reminder for you at six this evening.",
    "Traffic looks clear on your usual way home.",
    "Your dinner reservation for two is confirmed for seven thirty.",
    "I started a timer for fifteen minutes.",
    "The living room lights are now off.",
    "Playing some relaxing music for you now.",
    "I added milk, eggs and bread to your shopping list.",
    "It is currently eighteen degrees outside.",
    "Your package is out for delivery and should arrive this afternoon.",
    "I could not find anything about that, but I can search the web for you.",
    "Tomorrow starts cloudy, with rain expected after lunch.",
    "The train to the city leaves in twelve minutes from platform two.",
    "Is there anything else I can help you with?"
  };

  private TextGenerator() {}

  /**
   * {@code count} tokens of an answer determined by {@code seed}: whole sentences in a seeded
   * order, cut after {@code count} words. Each token is one word with its leading space (none
   * before the first), so joined they read as text.
   */
  public static List<String> answerTokens(long seed, int count) {
    SplittableRandom random = new SplittableRandom(seed);
    List<String> tokens = new ArrayList<>(count);
    while (tokens.size() < count) {
      String sentence = SENTENCES[random.nextInt(SENTENCES.length)];
      for (String word : sentence.split(" ")) {
        if (tokens.size() == count) {
          break;
        }
        tokens.add(tokens.isEmpty() ? word : " " + word);
      }
    }
    return tokens;
  }

  /** Rough token count of a text: a quarter of its characters, at least 1 for non-empty text. */
  public static long estimateTokens(String text) {
    if (text == null || text.isEmpty()) {
      return 0;
    }
    return Math.max(1, Math.round(text.codePointCount(0, text.length()) / 4.0));
  }

  public static int wordCount(String text) {
    String trimmed = text.trim();
    return trimmed.isEmpty() ? 0 : trimmed.split("\\s+").length;
  }
}
