package dev.earshot.sample.session;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.http.BadRequestResponse;
import java.util.regex.Pattern;

/**
 * Reads the optional body of {@code POST /api/sessions}, e.g. {@code {"voice":"alloy"}}.
 *
 * <p>An empty body is fine and means "all defaults". Anything else must be a JSON object; unknown
 * fields are ignored so clients can send more than this version understands. Every problem is a
 * {@link BadRequestResponse} (400) with a message fit for the client, never a Jackson error
 * text, which could echo internals.
 */
public final class CreateSessionRequestParser {

  public static final String DEFAULT_VOICE = "alloy";

  /** Voice names are short identifiers such as "alloy" or "shimmer"; anything else is a typo. */
  private static final Pattern VOICE_NAME = Pattern.compile("[A-Za-z0-9_-]{1,64}");

  private final ObjectMapper objectMapper;

  public CreateSessionRequestParser(ObjectMapper objectMapper) {
    this.objectMapper = objectMapper;
  }

  /** The validated request. */
  public record CreateSessionRequest(String voice) {}

  public CreateSessionRequest parse(String body) {
    if (body == null || body.isBlank()) {
      return new CreateSessionRequest(DEFAULT_VOICE);
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
    JsonNode voice = root.get("voice");
    if (voice == null || voice.isNull()) {
      return new CreateSessionRequest(DEFAULT_VOICE);
    }
    if (!voice.isTextual() || !VOICE_NAME.matcher(voice.textValue()).matches()) {
      throw new BadRequestResponse(
          "\"voice\" must be a string of 1-64 letters, digits, '-' or '_'");
    }
    return new CreateSessionRequest(voice.textValue());
  }
}
