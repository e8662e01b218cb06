package dev.earshot.agent.openai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class RequestModelScannerTest {

  @Test
  void topLevelModelOfAJsonBodyAfterALongMessageList() {
    String body = "{\"messages\":[{\"role\":\"user\",\"content\":\"" + "a \\\"model\\\": \\\"fake\\\" ".repeat(2000)
        + "\",\"model\":\"inner\"}],\"model\":\"gpt-4o-mini\",\"stream\":true}";
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    assertThat(RequestModelScanner.modelOf("application/json", bytes, 0, bytes.length)).isEqualTo("gpt-4o-mini");
  }

  @Test
  void modelFieldOfAMultipartForm() throws IOException {
    String boundary = "b0undary";
    String body = "--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.wav\"\r\nContent-Type: audio/wav\r\n\r\n"
        + "RIFF....name=\"mode\r\n--" + boundary + "\r\nContent-Disposition: form-data; name=\"model\"\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n"
        + "gpt-4o-transcribe\r\n--" + boundary + "--\r\n";
    RequestModelScanner scanner = RequestModelScanner.forContentType("multipart/form-data; boundary=" + boundary);
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    assertThatThrownBy(() -> scanner.write(bytes, 0, bytes.length)).isSameAs(RequestModelScanner.ENOUGH);
    assertThat(scanner.model()).isEqualTo("gpt-4o-transcribe");
  }

  @Test
  void writingStopsOnceTheModelIsFound() throws IOException {
    RequestModelScanner scanner = RequestModelScanner.forContentType("application/json; charset=utf-8");
    byte[] head = "{\"model\":\"m\",".getBytes(StandardCharsets.UTF_8);
    assertThatThrownBy(() -> scanner.write(head, 0, head.length)).isSameAs(RequestModelScanner.ENOUGH);
    assertThat(RequestModelScanner.ENOUGH.getStackTrace()).isEmpty();
  }

  @Test
  void bodiesWithoutAModelOrOfOtherTypes() {
    byte[] none = "{\"input\":\"x\"}".getBytes(StandardCharsets.UTF_8);
    assertThat(RequestModelScanner.modelOf("application/json", none, 0, none.length)).isNull();
    assertThat(RequestModelScanner.forContentType("application/octet-stream")).isNull();
    assertThat(RequestModelScanner.forContentType(null)).isNull();
  }
}
