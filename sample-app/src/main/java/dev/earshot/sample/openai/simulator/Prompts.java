package dev.earshot.sample.openai.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Base64;

/**
 * Reads the text out of chat messages and Responses API input and counts their tokens the way
 * OpenAI roughly does: text at four characters per token, 3 tokens of overhead per message plus 3
 * to prime the reply, 85 tokens per image, and 10 tokens per second of input audio.
 */
final class Prompts {

  /** The prompt's text (for seeding the answer) and its token counts. */
  record Prompt(String text, long tokens, long audioTokens) {}

  private Prompts() {}

  static Prompt chatMessages(JsonNode messages) {
    StringBuilder text = new StringBuilder();
    long tokens = 3;
    long audioTokens = 0;
    for (JsonNode message : messages) {
      tokens += 3;
      text.append(Json.text(message, "role")).append(": ");
      if (message.hasNonNull("name")) {
        tokens += 1;
      }
      Prompt content = content(message.get("content"));
      text.append(content.text()).append('\n');
      tokens += content.tokens();
      audioTokens += content.audioTokens();
    }
    return new Prompt(text.toString(), tokens, audioTokens);
  }

  /** Responses API {@code input} (a string or a list of items) plus {@code instructions}. */
  static Prompt responsesInput(JsonNode input, String instructions) {
    StringBuilder text = new StringBuilder();
    long tokens = 3;
    long audioTokens = 0;
    if (instructions != null) {
      text.append("instructions: ").append(instructions).append('\n');
      tokens += 3 + TextGenerator.estimateTokens(instructions);
    }
    if (input.isTextual()) {
      text.append("user: ").append(input.textValue());
      tokens += 3 + TextGenerator.estimateTokens(input.textValue());
    } else {
      for (JsonNode item : input) {
        tokens += 3;
        String role = Json.text(item, "role");
        text.append(role == null ? Json.text(item, "type") : role).append(": ");
        Prompt content = content(item.has("content") ? item.get("content") : item.get("output"));
        text.append(content.text()).append('\n');
        tokens += content.tokens();
        audioTokens += content.audioTokens();
      }
    }
    return new Prompt(text.toString(), tokens, audioTokens);
  }

  /** A message's content: a string, or a list of typed parts. */
  static Prompt content(JsonNode content) {
    if (content == null || content.isNull()) {
      return new Prompt("", 0, 0);
    }
    if (content.isTextual()) {
      return new Prompt(content.textValue(), TextGenerator.estimateTokens(content.textValue()), 0);
    }
    StringBuilder text = new StringBuilder();
    long tokens = 0;
    long audioTokens = 0;
    if (content.isArray()) {
      for (JsonNode part : content) {
        String partText = Json.text(part, "text");
        if (partText != null) {
          text.append(partText);
          tokens += TextGenerator.estimateTokens(partText);
        } else if (part.has("image_url") || "input_image".equals(Json.text(part, "type"))) {
          text.append("[image]");
          tokens += 85;
        } else if (part.has("input_audio")) {
          long audio = audioTokens(Json.text(part.get("input_audio"), "data"));
          text.append("[audio]");
          audioTokens += audio;
          tokens += audio;
        }
      }
    }
    return new Prompt(text.toString(), tokens, audioTokens);
  }

  private static long audioTokens(String base64) {
    if (base64 == null) {
      return 0;
    }
    try {
      byte[] audio = Base64.getDecoder().decode(base64);
      return audioTokensForSeconds(Audio.durationSeconds(audio));
    } catch (IllegalArgumentException e) {
      return 0;
    }
  }

  static long audioTokensForSeconds(double seconds) {
    return (long) Math.ceil(seconds * 10);
  }
}
