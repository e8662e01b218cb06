package dev.earshot.agent.openai;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/** The table of other paths is process-wide: the test that fills it runs last. */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class OpenAiOperationsTest {

  @Test
  void knownEndpointsHaveTheirOperationNames() {
    assertThat(OpenAiOperations.fromPath("POST", "/v1/chat/completions")).isEqualTo("chat");
    assertThat(OpenAiOperations.fromPath("POST", "/openai/deployments/my-gpt/chat/completions?api-version=2024-10-21")).isEqualTo("chat");
    assertThat(OpenAiOperations.fromPath("POST", "/v1/completions")).isEqualTo("text_completion");
    assertThat(OpenAiOperations.fromPath("POST", "/v1/embeddings")).isEqualTo("embeddings");
    assertThat(OpenAiOperations.fromPath("POST", "/v1/responses")).isEqualTo("generate_content");
    assertThat(OpenAiOperations.fromPath("POST", "/v1/audio/transcriptions")).isEqualTo("transcription");
    assertThat(OpenAiOperations.fromPath("POST", "/v1/audio/translations")).isEqualTo("translation");
    assertThat(OpenAiOperations.fromPath("POST", "/v1/audio/speech/")).isEqualTo("speech");
    assertThat(OpenAiOperations.fromPath("POST", "/v1/realtime/client_secrets")).isEqualTo("client_secret");
    assertThat(OpenAiOperations.fromPath("POST", "/v1/realtime/sessions")).isEqualTo("client_secret");
    assertThat(OpenAiOperations.fromSegments("POST", List.of("chat", "completions"))).isEqualTo("chat");
    assertThat(OpenAiOperations.fromSegments("POST", List.of("realtime", "client_secrets"))).isEqualTo("client_secret");
  }

  @Test
  void otherEndpointsAreTheirPathTemplateWithoutTheVersion() {
    assertThat(OpenAiOperations.fromPath("GET", "/v1/models")).isEqualTo("/models");
    assertThat(OpenAiOperations.fromPath("GET", "/v1/responses/resp_6790a1b2c3d4e5f60718293a4b5c6d7e")).isEqualTo("/responses/{id}");
    assertThat(OpenAiOperations.fromSegments("GET", List.of("files", "file-4f9a8b7c6d5e4f3a2b1c0d9e"))).isEqualTo("/files/{id}");
  }

  @Test
  @Order(Integer.MAX_VALUE)
  void otherPathsAreBounded() {
    for (int i = 0; i < 500; i++) {
      OpenAiOperations.fromPath("GET", "/v1/bounded-test/path" + (char) ('a' + i % 26) + (char) ('a' + (i / 26) % 26));
    }
    long overflows = dev.earshot.agent.core.CardinalityLimit.GEN_AI_OPERATION.overflows();
    assertThat(OpenAiOperations.fromPath("GET", "/v1/never-seen-before/xyz")).isEqualTo("other");
    assertThat(OpenAiOperations.fromPath("GET", "/v1/never-seen-before/xyz")).isEqualTo("other");
    assertThat(OpenAiOperations.fromPath("POST", "/v1/chat/completions")).isEqualTo("chat");
    // One new template refused, counted once however often it comes.
    assertThat(dev.earshot.agent.core.CardinalityLimit.GEN_AI_OPERATION.overflows()).isEqualTo(overflows + 1);
  }
}
