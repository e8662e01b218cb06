package dev.earshot.sample.openai.simulator.realtime;

import java.util.SplittableRandom;

/**
 * Made-up transcripts of what the caller said: a question a voice assistant hears, chosen by a
 * seed (the simulator's seed mixed with the audio's bytes, so the same audio gets the same words),
 * about as long as the audio (2.5 words per second).
 */
final class UserTranscripts {

  private static final String[] QUESTIONS = {
    "What's the weather like tomorrow morning?",
    "Can you remind me to call my sister at six?",
    "When does my next meeting start?",
    "Turn off the lights in the living room, please.",
    "How long will it take me to drive to the office?",
    "Add eggs and bread to my shopping list.",
    "Play something relaxing.",
    "Book a table for two at seven thirty tonight.",
    "Is my package arriving today?",
    "Set a timer for fifteen minutes.",
    "What time does the next train to the city leave?",
    "Tell me something interesting about the moon."
  };

  private UserTranscripts() {}

  static String of(long seed, long audioMs) {
    SplittableRandom random = new SplittableRandom(seed);
    int words = (int) Math.max(2, audioMs * 25 / 10_000);
    StringBuilder text = new StringBuilder();
    int count = 0;
    while (count < words) {
      for (String word : QUESTIONS[random.nextInt(QUESTIONS.length)].split(" ")) {
        if (count == words) {
          break;
        }
        text.append(count == 0 ? "" : " ").append(word);
        count++;
      }
    }
    return text.toString();
  }
}
