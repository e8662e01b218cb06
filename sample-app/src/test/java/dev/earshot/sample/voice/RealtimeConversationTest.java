package dev.earshot.sample.voice;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.earshot.sample.SampleAssistantConfig;
import dev.earshot.sample.SampleAssistantServer;
import dev.earshot.sample.openai.OpenAiSettings;
import dev.earshot.sample.openai.simulator.SimulatorConfig;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Scripted conversations over {@code /ws/realtime} against the real app and its in-process OpenAI
 * simulator (no delays, 6-word answers: about 2 s of speech each). The client sends its audio
 * faster than real time: the server's turn detection runs on audio time, so only the answers take
 * wall time.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class RealtimeConversationTest {

  private static SampleAssistantServer server;

  @BeforeAll
  static void start() {
    server = SampleAssistantServer.start(SampleAssistantConfig.defaults().withHost("127.0.0.1").withPort(0)
        .withOpenAi(OpenAiSettings.defaults().withSimulator(SimulatorConfig.defaults(42).withTiming(0, 0, 6))));
  }

  @AfterAll
  static void stop() {
    server.stop();
  }

  private static byte[] utterance(long seed) {
    return SyntheticSpeech.utterance(RealtimeTestClient.RATE, 1_000, seed);
  }

  @Test
  void threeUtterancesAreThreeAnsweredTurnsWithPacedAudio() throws Exception {
    try (RealtimeTestClient client = RealtimeTestClient.connect(server.port())) {
      client.awaitType(0, "session.created", 5_000);
      client.append(RealtimeTestClient.silence(400));
      int from = 0;
      for (int turn = 0; turn < 3; turn++) {
        client.append(utterance(turn));
        client.append(RealtimeTestClient.silence(800));
        from = client.awaitType(from, "response.done", 15_000) + 1;
      }
      Thread.sleep(300); // anything that would wrongly follow

      assertThat(client.events("input_audio_buffer.speech_started")).hasSize(3);
      assertThat(client.events("input_audio_buffer.speech_stopped")).hasSize(3);
      assertThat(client.events("input_audio_buffer.committed")).hasSize(3);
      assertThat(client.events("conversation.item.input_audio_transcription.completed")).hasSize(3)
          .allSatisfy(event -> assertThat(event.get("transcript").asText()).isNotBlank());
      assertThat(client.events("response.created")).hasSize(3);
      List<JsonNode> done = client.events("response.done");
      assertThat(done).hasSize(3).allSatisfy(event -> {
        JsonNode response = event.get("response");
        assertThat(response.get("status").asText()).isEqualTo("completed");
        assertThat(response.at("/usage/input_token_details/audio_tokens").asLong()).isPositive();
        assertThat(response.at("/usage/input_token_details/text_tokens").asLong()).isPositive();
        assertThat(response.at("/usage/output_tokens").asLong()).isEqualTo(6);
      });
      // The committed items chain, each turn's item is the one its speech events named.
      List<JsonNode> committed = client.events("input_audio_buffer.committed");
      assertThat(committed.get(0).get("previous_item_id").isNull()).isTrue();
      assertThat(committed.get(1).get("previous_item_id").asText()).isEqualTo(committed.get(0).get("item_id").asText());

      for (JsonNode response : done) {
        assertPaced(client, response.at("/response/id").asText());
      }
      assertThat(client.events("output_audio_buffer.started")).hasSize(3);
      assertThat(client.events("error")).isEmpty();
    }
  }

  /** The audio of a response arrives over about as much wall time as it lasts. */
  private static void assertPaced(RealtimeTestClient client, String responseId) {
    long first = -1;
    long last = -1;
    long bytes = 0;
    for (RealtimeTestClient.Received r : client.received()) {
      JsonNode event = r.text() == null ? null : r.json();
      if (event == null || !responseId.equals(event.path("response_id").asText())) {
        continue;
      }
      if (event.get("type").asText().equals("response.output_audio.delta")) {
        bytes += Base64.getDecoder().decode(event.get("delta").asText()).length;
        first = first < 0 ? r.nanos() : first;
      }
      if (event.get("type").asText().equals("response.output_audio.done")) {
        last = r.nanos();
      }
    }
    long audioMs = bytes / 48;
    long wallMs = TimeUnit.NANOSECONDS.toMillis(last - first);
    assertThat(audioMs).as("audio of " + responseId).isGreaterThan(1_000);
    // The client is kept 100-200 ms ahead of playback, so the last delta leaves that much early.
    assertThat(wallMs).as("wall time of %d ms of audio", audioMs).isBetween(audioMs - 400, audioMs + 800);
  }

  @Test
  void speakingOverTheAnswerCancelsIt() throws Exception {
    try (RealtimeTestClient client = RealtimeTestClient.connect(server.port())) {
      client.awaitType(0, "session.created", 5_000);
      client.append(RealtimeTestClient.silence(400));
      client.append(utterance(7));
      client.append(RealtimeTestClient.silence(800));
      int firstDelta = client.awaitType(0, "response.output_audio.delta", 10_000);
      String cancelledId = client.received().get(firstDelta).json().get("response_id").asText();

      client.append(utterance(8)); // barge-in
      int cancelled = client.await(firstDelta, r -> r.text() != null && r.type().equals("response.done"), 5_000);
      JsonNode response = client.received().get(cancelled).json().get("response");
      assertThat(response.get("id").asText()).isEqualTo(cancelledId);
      assertThat(response.get("status").asText()).isEqualTo("cancelled");
      assertThat(response.at("/status_details/reason").asText()).isEqualTo("turn_detected");
      List<String> between = client.types().subList(firstDelta, cancelled);
      assertThat(between).contains("input_audio_buffer.speech_started", "output_audio_buffer.cleared");

      client.append(RealtimeTestClient.silence(800)); // the barge-in turn ends and is answered
      int second = client.await(cancelled + 1, r -> r.text() != null && r.type().equals("response.done"), 15_000);
      assertThat(client.received().get(second).json().at("/response/status").asText()).isEqualTo("completed");

      List<String> lateDeltas = new ArrayList<>();
      for (RealtimeTestClient.Received r : client.received().subList(cancelled + 1, client.received().size())) {
        if (r.text() != null && cancelledId.equals(r.json().path("response_id").asText())) {
          lateDeltas.add(r.type());
        }
      }
      assertThat(lateDeltas).as("events of the cancelled response after its response.done").isEmpty();
      assertThat(client.events("response.done")).hasSize(2);
    }
  }

  @Test
  void badInputIsAnErrorAndTheSessionCarriesOn() throws Exception {
    try (RealtimeTestClient client = RealtimeTestClient.connect(server.port())) {
      client.awaitType(0, "session.created", 5_000);
      client.send("this is not json");
      client.send("{\"type\":\"no.such.event\",\"event_id\":\"evt_1\"}");
      client.send("{\"type\":\"input_audio_buffer.append\",\"audio\":\"***not base64***\"}");
      client.send("{\"type\":\"response.cancel\"}");
      client.socket.sendBinary(java.nio.ByteBuffer.wrap(new byte[] {1, 2, 3}), true).join();
      client.send("{\"type\":\"session.update\",\"session\":{\"audio\":{\"output\":{\"voice\":\"marin\"}}}}");
      client.awaitType(0, "session.updated", 5_000);

      List<JsonNode> errors = client.events("error");
      assertThat(errors).extracting(e -> e.at("/error/code").asText())
          .containsExactly("invalid_json", "invalid_value", "invalid_value", "response_cancel_not_active", "invalid_value");
      assertThat(errors.get(1).at("/error/event_id").asText()).isEqualTo("evt_1");
      assertThat(errors.get(2).at("/error/param").asText()).isEqualTo("audio");
      assertThat(client.events("session.updated").get(0).at("/session/audio/output/voice").asText()).isEqualTo("marin");
      assertThat(client.socket.isInputClosed()).isFalse();
    }
  }

  @Test
  void sessionsBeyondTheMaximumAreClosedWith1013AndShutdownClosesWith1001() throws Exception {
    SampleAssistantServer small = SampleAssistantServer.start(SampleAssistantConfig.defaults().withHost("127.0.0.1")
        .withPort(0).withRealtime(RealtimeSettings.defaults().withMaxSessions(2)));
    try (RealtimeTestClient first = RealtimeTestClient.connect(small.port());
        RealtimeTestClient second = RealtimeTestClient.connect(small.port())) {
      first.awaitType(0, "session.created", 5_000);
      second.awaitType(0, "session.created", 5_000);
      try (RealtimeTestClient third = RealtimeTestClient.connect(small.port())) {
        assertThat(third.closeCode(5_000)).isEqualTo(1013);
        assertThat(third.types()).isEmpty();
      }
      small.stop();
      assertThat(first.closeCode(5_000)).isEqualTo(1001);
      assertThat(second.closeCode(5_000)).isEqualTo(1001);
    } finally {
      small.stop();
    }
  }
}
