package dev.earshot.agent.openai;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ResponseScannerTest {

  private final List<Long> chunks = new ArrayList<>();

  private ResponseScanner scan(int mode, String body, int sliceSize) {
    ResponseScanner scanner = new ResponseScanner(mode, chunks::add);
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    for (int i = 0; i < bytes.length; i += sliceSize) {
      scanner.feed(bytes, i, Math.min(sliceSize, bytes.length - i));
    }
    return scanner;
  }

  @Test
  void chatCompletionModelAndUsageWithAudioDetails() {
    String body = "{\"id\":\"chatcmpl-1\",\"object\":\"chat.completion\",\"model\":\"gpt-4o-audio-preview-2024-12-17\","
        + "\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":\"Say \\\"model\\\": 42\"}}],"
        + "\"usage\":{\"prompt_tokens\":57,\"completion_tokens\":120,\"total_tokens\":177,"
        + "\"prompt_tokens_details\":{\"cached_tokens\":0,\"audio_tokens\":40},"
        + "\"completion_tokens_details\":{\"reasoning_tokens\":0,\"audio_tokens\":100}}}";
    for (int slice : new int[] {1, 3, 7, 4096}) {
      ResponseScanner s = scan(ResponseScanner.JSON, body, slice);
      assertThat(s.model()).isEqualTo("gpt-4o-audio-preview-2024-12-17");
      assertThat(s.inputTokens).isEqualTo(57);
      assertThat(s.outputTokens).isEqualTo(120);
      assertThat(s.inputAudioTokens).isEqualTo(40);
      assertThat(s.outputAudioTokens).isEqualTo(100);
      assertThat(s.inputTextTokens).isEqualTo(-1);
    }
  }

  @Test
  void keysInsideContentOrNestedObjectsAreNotTakenForUsage() {
    String body = "{\"choices\":[{\"message\":{\"content\":\"\\\"usage\\\":{\\\"prompt_tokens\\\":999}\","
        + "\"model\":\"nested-model\",\"usage\":{\"prompt_tokens\":5}}}],\"model\":\"top-model\",\"usage\":null}";
    ResponseScanner s = scan(ResponseScanner.JSON, body, 5);
    assertThat(s.model()).isEqualTo("top-model");
    assertThat(s.inputTokens).isEqualTo(-1);
  }

  @Test
  void transcriptionUsageWithTextAndAudioTokenDetails() {
    String body = "{\"text\":\"hello there\",\"usage\":{\"type\":\"tokens\",\"input_tokens\":14,"
        + "\"input_token_details\":{\"text_tokens\":4,\"audio_tokens\":10},\"output_tokens\":3,\"total_tokens\":17}}";
    ResponseScanner s = scan(ResponseScanner.JSON, body, 2);
    assertThat(s.model()).isNull();
    assertThat(s.inputTokens).isEqualTo(14);
    assertThat(s.inputTextTokens).isEqualTo(4);
    assertThat(s.inputAudioTokens).isEqualTo(10);
    assertThat(s.outputTokens).isEqualTo(3);
  }

  @Test
  void embeddingVectorsDoNotDisturbTheUsage() {
    String body = "{\"object\":\"list\",\"data\":[{\"object\":\"embedding\",\"index\":0,\"embedding\":[0.0023,-0.0093,12,3e-5]}],"
        + "\"model\":\"text-embedding-3-small\",\"usage\":{\"prompt_tokens\":8,\"total_tokens\":8}}";
    ResponseScanner s = scan(ResponseScanner.JSON, body, 1);
    assertThat(s.model()).isEqualTo("text-embedding-3-small");
    assertThat(s.inputTokens).isEqualTo(8);
    assertThat(s.outputTokens).isEqualTo(-1);
  }

  @Test
  void realtimeClientSecretNamesItsModelInTheSessionAndNothingElseIsKept() {
    String body = "{\"value\":\"ek_secret_value\",\"expires_at\":1756310470,"
        + "\"session\":{\"type\":\"realtime\",\"object\":\"realtime.session\",\"model\":\"gpt-realtime\"}}";
    ResponseScanner s = scan(ResponseScanner.JSON, body, 3);
    assertThat(s.model()).isEqualTo("gpt-realtime");
  }

  @Test
  void chatStreamCountsEveryDataEventButDoneAndReadsTheUsageChunk() {
    StringBuilder sse = new StringBuilder();
    sse.append("data: {\"id\":\"c\",\"model\":\"gpt-4o-mini-2024-07-18\",\"choices\":[{\"delta\":{\"role\":\"assistant\",\"content\":\"\"}}],\"usage\":null}\n\n");
    for (int i = 0; i < 5; i++) {
      sse.append("data: {\"id\":\"c\",\"model\":\"gpt-4o-mini-2024-07-18\",\"choices\":[{\"delta\":{\"content\":\"tok").append(i).append("\"}}],\"usage\":null}\n\n");
    }
    sse.append("data: {\"id\":\"c\",\"model\":\"gpt-4o-mini-2024-07-18\",\"choices\":[],\"usage\":{\"prompt_tokens\":11,\"completion_tokens\":5}}\r\n\r\n");
    sse.append("data: [DONE]\n\n");
    for (int slice : new int[] {1, 13, 65536}) {
      chunks.clear();
      ResponseScanner s = scan(ResponseScanner.SSE, sse.toString(), slice);
      assertThat(s.chunkCount()).isEqualTo(7);
      assertThat(chunks).hasSize(7);
      assertThat(s.model()).isEqualTo("gpt-4o-mini-2024-07-18");
      assertThat(s.inputTokens).isEqualTo(11);
      assertThat(s.outputTokens).isEqualTo(5);
    }
  }

  @Test
  void responsesStreamCountsOnlyDeltaEventsAndReadsTheCompletedUsage() {
    String sse = "event: response.created\n"
        + "data: {\"type\":\"response.created\",\"response\":{\"id\":\"r\",\"model\":\"gpt-4.1-2025-04-14\",\"usage\":null}}\n\n"
        + "event: response.output_text.delta\n"
        + "data: {\"type\":\"response.output_text.delta\",\"delta\":\"Hi\"}\n\n"
        + "event: response.output_text.delta\n"
        + "data: {\"type\":\"response.output_text.delta\",\"delta\":\" there\"}\n\n"
        + "event: response.completed\n"
        + "data: {\"type\":\"response.completed\",\"response\":{\"id\":\"r\",\"model\":\"gpt-4.1-2025-04-14\","
        + "\"usage\":{\"input_tokens\":9,\"input_tokens_details\":{\"cached_tokens\":0},\"output_tokens\":2}}}\n\n";
    ResponseScanner s = scan(ResponseScanner.SSE, sse, 4);
    assertThat(s.chunkCount()).isEqualTo(2);
    assertThat(s.model()).isEqualTo("gpt-4.1-2025-04-14");
    assertThat(s.inputTokens).isEqualTo(9);
    assertThat(s.outputTokens).isEqualTo(2);
  }

  @Test
  void directBuffersAreReadWithoutMovingThem() {
    byte[] bytes = "{\"model\":\"m1\",\"usage\":{\"prompt_tokens\":3}}".getBytes(StandardCharsets.UTF_8);
    ByteBuffer direct = ByteBuffer.allocateDirect(bytes.length).put(bytes).flip();
    ResponseScanner s = new ResponseScanner(ResponseScanner.JSON, null);
    s.feed(direct);
    assertThat(direct.position()).isZero();
    assertThat(s.model()).isEqualTo("m1");
    assertThat(s.inputTokens).isEqualTo(3);
  }

  @Test
  void malformedOrOversizedInputCostsOnlyValues() {
    ResponseScanner s = scan(ResponseScanner.JSON, "}}]]{\"model\":\"" + "x".repeat(500) + "\",\"usage\":{\"prompt_tokens\":-4,\"completion_tokens\":1.5}", 7);
    assertThat(s.model()).isNull();
    assertThat(s.inputTokens).isEqualTo(-1);
    assertThat(s.outputTokens).isEqualTo(-1);
    ResponseScanner overflow = scan(ResponseScanner.JSON, "{\"usage\":{\"prompt_tokens\":99999999999999999999999,\"completion_tokens\":7}}", 3);
    assertThat(overflow.inputTokens).isEqualTo(-1);
    assertThat(overflow.outputTokens).isEqualTo(7);
    ResponseScanner deep = scan(ResponseScanner.JSON, "[".repeat(100) + "]".repeat(100) + "{\"model\":\"after\"}", 9);
    assertThat(deep.model()).isEqualTo("after");
    String nested = "{\"k\":".repeat(40) + "[\"a\",1,{\"model\":\"deep\",\"usage\":{\"prompt_tokens\":5}}]" + "}".repeat(40);
    ResponseScanner deepObjects = scan(ResponseScanner.JSON, nested + "{\"model\":\"top\",\"usage\":{\"prompt_tokens\":6}}", 11);
    assertThat(deepObjects.model()).isEqualTo("top");
    assertThat(deepObjects.inputTokens).isEqualTo(6);
  }

  @Test
  void opaqueBodiesAreNotScanned() {
    assertThat(ResponseScanner.modeOf("audio/mpeg")).isEqualTo(ResponseScanner.OPAQUE);
    assertThat(ResponseScanner.modeOf("Text/Event-Stream; charset=utf-8")).isEqualTo(ResponseScanner.SSE);
    assertThat(ResponseScanner.modeOf("application/json; charset=utf-8")).isEqualTo(ResponseScanner.JSON);
    assertThat(ResponseScanner.modeOf(null)).isEqualTo(ResponseScanner.OPAQUE);
    ResponseScanner s = scan(ResponseScanner.OPAQUE, "{\"model\":\"m\"}", 4);
    assertThat(s.model()).isNull();
  }
}
