package dev.earshot.sample.openai.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AudioAndMultipartTest {

  @Test
  void speechLengthIsProportionalToTheTextAndInverseToTheSpeed() {
    assertThat(Audio.speechSamples("Hello", 1.0)).isEqualTo(5 * 1440);
    assertThat(Audio.speechSamples("Hello", 2.0)).isEqualTo(5 * 720);
    assertThat(Audio.speechSamples("\uD83D\uDE00", 1.0)).as("one code point").isEqualTo(1440);
  }

  @Test
  void wavDurationIsReadFromTheHeader() {
    byte[] wav = OpenAiSimulatorSdkTest.wav(1.5);

    assertThat(Audio.wavDurationSeconds(wav)).isCloseTo(1.5, within(1e-9));
    assertThat(Audio.durationSeconds(wav)).isCloseTo(1.5, within(1e-9));
    assertThat(Audio.wavDurationSeconds(new byte[100])).isNaN();
    assertThat(Audio.durationSeconds(new byte[32_000])).as("128 kbit/s estimate").isEqualTo(2.0);
  }

  @Test
  void mp3FramesCoverTheSamples() {
    byte[] mp3 = Audio.mp3Silence(577);

    assertThat(mp3).hasSize(2 * 192);
    assertThat(mp3[192] & 0xFF).isEqualTo(0xFF);
    assertThat(mp3[193] & 0xFF).isEqualTo(0xF3);
    assertThat(mp3[194] & 0xFF).isEqualTo(0x84);
  }

  @Test
  void parsesMultipartForms() {
    String boundary = "----b0undary";
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"model\"\r\n\r\nwhisper-1\r\n")
        .getBytes(StandardCharsets.UTF_8));
    body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.wav\"\r\n"
        + "Content-Type: audio/wav\r\n\r\n").getBytes(StandardCharsets.UTF_8));
    byte[] binary = {0, 13, 10, 45, 45, (byte) 0xFF, 13, 10};
    body.writeBytes(binary);
    body.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));

    Map<String, List<Multipart.Part>> form =
        Multipart.parse(body.toByteArray(), Multipart.boundary("multipart/form-data; boundary=\"" + boundary + "\""));

    assertThat(form.get("model").get(0).text()).isEqualTo("whisper-1");
    Multipart.Part file = form.get("file").get(0);
    assertThat(file.filename()).isEqualTo("a.wav");
    assertThat(file.contentType()).isEqualTo("audio/wav");
    assertThat(file.data()).isEqualTo(binary);
    assertThat(Multipart.boundary("application/json")).isNull();
    assertThatThrownBy(() -> Multipart.parse("garbage".getBytes(StandardCharsets.UTF_8), boundary))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
