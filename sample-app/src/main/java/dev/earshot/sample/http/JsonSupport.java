package dev.earshot.sample.http;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;

/**
 * The one Jackson configuration of the app, shared by Javalin's response rendering and by the
 * request parsers so both agree on what valid JSON is.
 */
public final class JsonSupport {

  private JsonSupport() {}

  public static ObjectMapper newObjectMapper() {
    return JsonMapper.builder()
        // "{...} trailing garbage" is malformed input and must be a 400, not silently accepted.
        .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
        .build();
  }
}
