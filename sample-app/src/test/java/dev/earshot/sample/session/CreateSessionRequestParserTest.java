package dev.earshot.sample.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.earshot.sample.http.JsonSupport;
import io.javalin.http.BadRequestResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CreateSessionRequestParserTest {

  private final CreateSessionRequestParser parser =
      new CreateSessionRequestParser(JsonSupport.newObjectMapper());

  @Test
  void readsTheVoice() {
    assertThat(parser.parse("{\"voice\":\"ash\"}").voice()).isEqualTo("ash");
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "  \n", "{}", "{\"voice\":null}", "{\"other\":1}"})
  void defaultsTheVoice(String body) {
    assertThat(parser.parse(body).voice()).isEqualTo("alloy");
  }

  @Test
  void nullBodyMeansDefaults() {
    assertThat(parser.parse(null).voice()).isEqualTo("alloy");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "{", "{\"voice\":}", "not json", "{} {}", "[]", "\"alloy\"", "42", "null",
        "{\"voice\":1}", "{\"voice\":[\"a\"]}", "{\"voice\":\"\"}", "{\"voice\":\"has space\"}"
      })
  void rejectsAnythingElse(String body) {
    assertThatThrownBy(() -> parser.parse(body))
        .isInstanceOfSatisfying(
            BadRequestResponse.class, e -> assertThat(e.getStatus()).isEqualTo(400));
  }
}
