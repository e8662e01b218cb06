package dev.earshot.sample.openai;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.http.BadRequestResponse;

/**
 * Reads the body of {@code POST /api/chat}: a JSON object with a non-blank string {@code message}
 * of at most {@value #MAX_MESSAGE_LENGTH} characters; other fields are ignored. Every problem is a
 * 400 with a message fit for the client.
 */
public final class ChatRequestParser {

  public static final int MAX_MESSAGE_LENGTH = 4_000;

  private final ObjectMapper objectMapper;

  public ChatRequestParser(ObjectMapper objectMapper) {
    this.objectMapper = objectMapper;
  }

  /** Returns the user's message. */
  public String parse(String body) {
    if (body == null || body.isBlank()) {
      throw new BadRequestResponse("Request body must be a JSON object with a \"message\"");
    }
    JsonNode root;
    try {
      root = objectMapper.readTree(body);
    } catch (JacksonException e) {
      throw new BadRequestResponse("Request body is not valid JSON");
    }
    if (root == null || !root.isObject()) {
      throw new BadRequestResponse("Request body must be a JSON object");
    }
    JsonNode message = root.get("message");
    if (message == null || !message.isTextual() || message.textValue().isBlank()) {
      throw new BadRequestResponse("\"message\" must be a non-blank string");
    }
    if (message.textValue().length() > MAX_MESSAGE_LENGTH) {
      throw new BadRequestResponse("\"message\" must be at most " + MAX_MESSAGE_LENGTH + " characters");
    }
    return message.textValue();
  }
}
