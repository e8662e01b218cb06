package dev.earshot.agent.voice;

import static dev.earshot.agent.voice.RealtimeEvents.classify;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RealtimeEventsTest {

  private static final String AUDIO = "UklGRiQAAABXQVZFZm10IBAAAAABAAEAgD4AAAB9AAACABAAZGF0YQAAAAA=".repeat(560); // ~32 KiB

  @Test
  void serverAudioDeltaWithEventIdFirst() {
    String frame = "{\"event_id\":\"event_4950\",\"type\":\"response.output_audio.delta\",\"response_id\":\"resp_001\","
        + "\"item_id\":\"msg_008\",\"output_index\":0,\"content_index\":0,\"delta\":\"" + AUDIO + "\"}";
    assertThat(classify(frame)).isEqualTo(RealtimeEvents.OUTPUT_AUDIO_DELTA);
  }

  @Test
  void betaNamesMapToTheirGaCodes() {
    assertThat(classify("{\"type\":\"response.audio.delta\",\"delta\":\"" + AUDIO + "\"}")).isEqualTo(RealtimeEvents.OUTPUT_AUDIO_DELTA);
    assertThat(classify("{\"type\":\"response.text.delta\"}")).isEqualTo(RealtimeEvents.OUTPUT_TEXT_DELTA);
    assertThat(classify("{\"type\":\"response.audio_transcript.delta\"}")).isEqualTo(RealtimeEvents.OUTPUT_TRANSCRIPT_DELTA);
    assertThat(classify("{\"type\":\"conversation.item.created\"}")).isEqualTo(classify("{\"type\":\"conversation.item.added\"}"));
  }

  @Test
  void clientAppendWithTheAudioFirstIsFoundFromTheEnd() {
    String frame = "{\"audio\":\"" + AUDIO + "\",\"event_id\":\"c1\", \"type\" : \"input_audio_buffer.append\" }\n";
    assertThat(classify(frame)).isEqualTo(RealtimeEvents.AUDIO_APPEND);
  }

  @Test
  void onlyTheTopLevelTypeCounts() {
    assertThat(classify("{\"item\":{\"type\":\"message\",\"role\":\"user\"},\"type\":\"conversation.item.create\"}"))
        .isEqualTo(RealtimeEvents.ITEM_CREATE);
    assertThat(classify("{\"event_id\":\"e\",\"item\":{\"type\":\"message\"}}")).isEqualTo(RealtimeEvents.NO_TYPE);
    assertThat(classify("{\"audio\":\"" + AUDIO + "\",\"item\":{\"type\":\"response.done\"}}")).isEqualTo(RealtimeEvents.NO_TYPE);
    assertThat(classify("{\"text\":\"say \\\"type\\\":\\\"response.done\\\" \\\\\",\"type\":\"response.created\"}"))
        .isEqualTo(RealtimeEvents.RESPONSE_CREATED);
  }

  @Test
  void aTypeInTheMiddleOfALargeFrameIsFoundByReadingItAll() {
    String pad = "x".repeat(700);
    assertThat(classify("{\"a\":\"" + pad + "\",\"type\":\"response.done\",\"b\":\"" + pad + "\",\"c\":[1,{\"d\":2}]}"))
        .isEqualTo(RealtimeEvents.RESPONSE_DONE);
    assertThat(classify("{\"a\":[" + "1,".repeat(400) + "2],\"type\":\"error\",\"b\":\"" + pad + "\"}")).isEqualTo(RealtimeEvents.ERROR);
  }

  @Test
  void framesThatAreNotRealtimeEvents() {
    assertThat(classify("")).isEqualTo(RealtimeEvents.NOT_JSON);
    assertThat(classify("hello")).isEqualTo(RealtimeEvents.NOT_JSON);
    assertThat(classify("[{\"type\":\"response.done\"}]")).isEqualTo(RealtimeEvents.NOT_JSON);
    assertThat(classify("  {}")).isEqualTo(RealtimeEvents.NO_TYPE);
    assertThat(classify("{\"type\":5}")).isEqualTo(RealtimeEvents.NO_TYPE);
    assertThat(classify("{\"type\":\"chat.message\"}")).isEqualTo(RealtimeEvents.OTHER);
    assertThat(classify("{\"type\":\"" + "r".repeat(300) + "\"}")).isEqualTo(RealtimeEvents.OTHER);
    assertThat(classify("{\"type\":\"response.do")).isEqualTo(RealtimeEvents.NO_TYPE);
    assertThat(classify("{\"a\":tru")).isEqualTo(RealtimeEvents.NO_TYPE);
    assertThat(classify("{\"a\" 1, \"type\":\"error\"}")).isEqualTo(RealtimeEvents.NO_TYPE);
  }

  @Test
  void everyKnownNameIsRecognisedWithAnyWhitespace() {
    for (int code = 2; code < RealtimeEvents.CODES; code++) {
      String name = RealtimeEvents.name(code);
      assertThat(classify("{\"type\":\"" + name + "\"}")).as(name).isEqualTo(code);
      assertThat(classify("\n{ \"event_id\" : \"e1\" ,\n\t\"type\" :\t\"" + name + "\" }")).as(name).isEqualTo(code);
    }
    assertThat(RealtimeEvents.name(RealtimeEvents.SPEECH_STARTED)).isEqualTo("input_audio_buffer.speech_started");
  }

  @org.junit.jupiter.api.Test
  void framesInPartsAreClassifiedFromTheHeadOfTheFirstOrTheTailOfTheLast() {
    org.assertj.core.api.Assertions.assertThat(RealtimeEvents.classifyHead("{\"event_id\":\"e\",\"type\":\"response.output_audio.delta\",\"delta\":\"AAA"))
        .isEqualTo(RealtimeEvents.OUTPUT_AUDIO_DELTA);
    org.assertj.core.api.Assertions.assertThat(RealtimeEvents.classifyHead("{\"audio\":\"AAAAAAAA")).isEqualTo(RealtimeEvents.UNDECIDED);
    org.assertj.core.api.Assertions.assertThat(RealtimeEvents.classifyHead("not json")).isEqualTo(RealtimeEvents.NOT_JSON);
    org.assertj.core.api.Assertions.assertThat(RealtimeEvents.classifyTail("AAAA\",\"type\":\"input_audio_buffer.append\"}"))
        .isEqualTo(RealtimeEvents.AUDIO_APPEND);
    org.assertj.core.api.Assertions.assertThat(RealtimeEvents.classifyTail("AAAA\"}")).isEqualTo(RealtimeEvents.NO_TYPE);
  }
}
