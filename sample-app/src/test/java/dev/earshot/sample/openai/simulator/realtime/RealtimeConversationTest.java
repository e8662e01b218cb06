package dev.earshot.sample.openai.simulator.realtime;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.openai.core.ObjectMappers;
import com.openai.models.realtime.RealtimeServerEvent;
import dev.earshot.sample.openai.simulator.OpenAiSimulator;
import dev.earshot.sample.openai.simulator.SimulatorConfig;
import dev.earshot.sample.openai.simulator.SimulatorOptions;
import dev.earshot.sample.openai.simulator.realtime.RealtimeTestClient.RawJson;
import dev.earshot.sample.openai.simulator.realtime.RealtimeTestClient.Received;
import dev.earshot.sample.voice.SyntheticSpeech;
import java.io.ByteArrayOutputStream;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Conversations over the simulator's Realtime WebSocket, as a JDK WebSocket client holds them. */
@Timeout(30)
class RealtimeConversationTest {

  private OpenAiSimulator simulator;
  private HttpClient http;

  @BeforeEach
  void start() {
    SimulatorConfig config = SimulatorConfig.defaults(7)
        .with("realtimeTtftMs", "80", "test")
        .with("realtimeTranscriptionDelayMs", "30", "test")
        .with("realtimeAnswerTokens", "4", "test");
    simulator = OpenAiSimulator.start(SimulatorOptions.loopback(config));
    http = HttpClient.newHttpClient();
  }

  @AfterEach
  void stop() {
    simulator.close();
  }

  /** Quiet lead-in (the VAD calibrates on it), an utterance, then enough silence to end the turn. */
  static byte[] turn(int speechMs, long seed, int leadInMs) {
    ByteArrayOutputStream pcm = new ByteArrayOutputStream();
    pcm.writeBytes(new byte[leadInMs * 48]);
    pcm.writeBytes(SyntheticSpeech.utterance(24_000, speechMs, seed));
    pcm.writeBytes(new byte[700 * 48]);
    return pcm.toByteArray();
  }

  @Test
  void threeUtterancesGiveThreeTurnsTranscriptsAndCompletedResponses() throws Exception {
    try (RealtimeTestClient client = RealtimeTestClient.connect(http, simulator.realtimeUrl() + "?model=gpt-realtime")) {
      JsonNode session = client.await("session.created").json().get("session");
      assertThat(session.path("id").asText()).startsWith("sess_");
      assertThat(session.path("model").asText()).startsWith("gpt-realtime");
      assertThat(session.path("output_modalities").toString()).isEqualTo("[\"audio\"]");
      assertThat(session.at("/audio/input/format/rate").asInt()).isEqualTo(24_000);
      assertThat(session.at("/audio/output/format/type").asText()).isEqualTo("audio/pcm");
      assertThat(session.at("/audio/input/turn_detection/type").asText()).isEqualTo("server_vad");

      for (int i = 0; i < 3; i++) {
        client.sendAudio(turn(900, i, i == 0 ? 300 : 100), false);
        Received done = client.await("response.done");
        assertThat(done.json().at("/response/status").asText()).isEqualTo("completed");
      }
      client.await("rate_limits.updated");
      client.drain(Duration.ofMillis(150));

      assertThat(client.count("input_audio_buffer.speech_started")).isEqualTo(3);
      assertThat(client.count("input_audio_buffer.speech_stopped")).isEqualTo(3);
      assertThat(client.count("input_audio_buffer.committed")).isEqualTo(3);
      assertThat(client.count("conversation.item.input_audio_transcription.completed")).isEqualTo(3);
      assertThat(client.count("response.created")).isEqualTo(3);
      assertThat(client.count("response.done")).isEqualTo(3);
      assertThat(client.count("rate_limits.updated")).isEqualTo(3);
      assertThat(client.count("response.audio.delta")).isZero();

      for (Received transcript : client.all("conversation.item.input_audio_transcription.completed")) {
        assertThat(transcript.json().path("transcript").asText()).isNotBlank();
      }
      Received started = client.all("input_audio_buffer.speech_started").get(0);
      assertThat(started.json().path("audio_start_ms").asLong()).isBetween(280L, 360L);
      assertThat(started.json().path("item_id").asText()).startsWith("item_");
      assertThat(client.all("input_audio_buffer.committed").get(0).json().path("item_id").asText())
          .isEqualTo(started.json().path("item_id").asText());

      // Usage matches what was sent: output audio tokens from the audio's length, text from the words.
      long audioBytes = client.all("response.output_audio.delta").stream()
          .mapToLong(e -> java.util.Base64.getDecoder().decode(e.json().path("delta").asText()).length).sum();
      long outputAudioTokens = 0;
      long previousInput = 0;
      for (Received done : client.all("response.done")) {
        JsonNode usage = done.json().at("/response/usage");
        assertThat(usage.path("total_tokens").asLong())
            .isEqualTo(usage.path("input_tokens").asLong() + usage.path("output_tokens").asLong());
        assertThat(usage.path("input_tokens").asLong()).isEqualTo(
            usage.at("/input_token_details/text_tokens").asLong() + usage.at("/input_token_details/audio_tokens").asLong());
        assertThat(usage.path("output_tokens").asLong()).isEqualTo(
            usage.at("/output_token_details/text_tokens").asLong() + usage.at("/output_token_details/audio_tokens").asLong());
        assertThat(usage.at("/output_token_details/text_tokens").asLong()).isEqualTo(4);
        assertThat(usage.path("input_tokens").asLong()).as("the conversation grows").isGreaterThan(previousInput);
        previousInput = usage.path("input_tokens").asLong();
        outputAudioTokens += usage.at("/output_token_details/audio_tokens").asLong();
        String transcript = done.json().at("/response/output/0/content/0/transcript").asText();
        assertThat(transcript.split(" ")).hasSize(4);
      }
      long audioMs = audioBytes / 48;
      assertThat(outputAudioTokens).isBetween(audioMs / 50, audioMs / 50 + 3);

      // Every event carries an id and a type, and the official SDK reads every one of them.
      for (Received event : client.seen) {
        assertThat(event.json().path("event_id").asText()).startsWith("event_");
        RealtimeServerEvent parsed = ObjectMappers.jsonMapper().readValue(event.text(), RealtimeServerEvent.class);
        parsed.validate();
      }
      @SuppressWarnings("unchecked")
      Map<String, Object> stats = (Map<String, Object>) simulator.stats().get("realtime");
      assertThat(stats).containsEntry("connections", 1L).containsEntry("turnsCommitted", 3L)
          .containsEntry("responsesCompleted", 3L).containsEntry("responsesCancelled", 0L);
    }
  }

  @Test
  void speakingOverTheAnswerCancelsIt() throws Exception {
    simulator.updateConfig(c -> c.with("realtimeAnswerTokens", "30", "test"));
    try (RealtimeTestClient client = RealtimeTestClient.connect(http, simulator.realtimeUrl())) {
      client.await("session.created");
      client.sendAudio(turn(800, 1, 300), false);
      client.await("response.output_audio.delta");
      // The answer after the interruption can be short; the setting applies to responses not yet created.
      simulator.updateConfig(c -> c.with("realtimeAnswerTokens", "4", "test"));
      client.sendAudio(turn(800, 2, 0), false);
      Received cancelled = client.await("response.done");
      assertThat(cancelled.json().at("/response/status").asText()).isEqualTo("cancelled");
      assertThat(cancelled.json().at("/response/status_details/reason").asText()).isEqualTo("turn_detected");
      assertThat(client.types()).containsSubsequence(
          "input_audio_buffer.speech_started", "response.output_audio.done", "response.done");
      // Usage counts only the audio that went out before the interruption.
      assertThat(cancelled.json().at("/response/usage/output_token_details/audio_tokens").asLong())
          .isLessThan(30 * 5 * 60 / 50);
      Received second = client.await(e -> e.type().equals("response.done"), Duration.ofSeconds(15));
      assertThat(second.json().at("/response/status").asText()).isEqualTo("completed");
      client.drain(Duration.ofMillis(100));
      assertThat(client.all("response.done").stream().filter(
          e -> e.json().at("/response/status").asText().equals("cancelled"))).hasSize(1);
    }
    @SuppressWarnings("unchecked")
    Map<String, Object> stats = (Map<String, Object>) simulator.stats().get("realtime");
    assertThat(stats).containsEntry("responsesCancelled", 1L).containsEntry("responsesCompleted", 1L);
  }

  @Test
  void betaHeaderGetsBetaEventNames() throws Exception {
    try (RealtimeTestClient client = RealtimeTestClient.connect(http, simulator.realtimeUrl(), "OpenAI-Beta", "realtime=v1")) {
      JsonNode session = client.await("session.created").json().get("session");
      assertThat(session.path("input_audio_format").asText()).isEqualTo("pcm16");
      assertThat(session.at("/turn_detection/type").asText()).isEqualTo("server_vad");
      client.sendAudio(turn(700, 3, 300), false);
      client.await("response.done");
      client.drain(Duration.ofMillis(100));
      assertThat(client.types()).contains("conversation.created", "conversation.item.created", "response.audio.delta",
          "response.audio_transcript.delta", "response.audio.done", "response.audio_transcript.done");
      assertThat(client.types()).doesNotContain("response.output_audio.delta", "response.output_audio.done",
          "response.output_audio_transcript.delta", "conversation.item.added", "conversation.item.done");
      assertThat(client.all("response.done").get(0).json().at("/response/output/0/content/0/type").asText()).isEqualTo("audio");
    }
  }

  @Test
  void manualTurnsWithCommitResponseCreateAndCancel() throws Exception {
    try (RealtimeTestClient client = RealtimeTestClient.connect(http, simulator.realtimeUrl())) {
      client.await("session.created");
      client.send("type", "session.update", "session",
          new RawJson("{\"type\":\"realtime\",\"audio\":{\"input\":{\"turn_detection\":null}}}"));
      JsonNode updated = client.await("session.updated").json();
      assertThat(updated.at("/session/audio/input/turn_detection").isNull()).isTrue();

      client.send("type", "input_audio_buffer.commit", "event_id", "evt_empty");
      JsonNode empty = client.await("error").json();
      assertThat(empty.at("/error/code").asText()).isEqualTo("input_audio_buffer_commit_empty");
      assertThat(empty.at("/error/event_id").asText()).isEqualTo("evt_empty");

      client.sendAudio(SyntheticSpeech.utterance(24_000, 600, 4), false);
      client.send("type", "input_audio_buffer.commit");
      client.await("input_audio_buffer.committed");
      client.send("type", "response.create");
      assertThat(client.await("response.done").json().at("/response/status").asText()).isEqualTo("completed");

      client.send("type", "response.create");
      client.await("response.created");
      client.send("type", "response.cancel");
      JsonNode cancelled = client.await("response.done").json();
      assertThat(cancelled.at("/response/status").asText()).isEqualTo("cancelled");
      assertThat(cancelled.at("/response/status_details/reason").asText()).isEqualTo("client_cancelled");

      client.send("type", "input_audio_buffer.append", "audio", "AAAA");
      client.send("type", "input_audio_buffer.clear");
      client.await("input_audio_buffer.cleared");
      client.drain(Duration.ofMillis(100));
      assertThat(client.types()).doesNotContain("input_audio_buffer.speech_started");
      assertThat(client.count("conversation.item.input_audio_transcription.completed")).isEqualTo(1);
    }
  }

  @Test
  void malformedOrUnknownEventsGetAnErrorAndTheConnectionGoesOn() throws Exception {
    try (RealtimeTestClient client = RealtimeTestClient.connect(http, simulator.realtimeUrl())) {
      client.await("session.created");
      client.send("{not json");
      JsonNode bad = client.await("error").json();
      assertThat(bad.at("/error/type").asText()).isEqualTo("invalid_request_error");
      client.send("type", "no.such.event", "event_id", "evt_1");
      JsonNode unknown = client.await("error").json();
      assertThat(unknown.at("/error/type").asText()).isEqualTo("invalid_request_error");
      assertThat(unknown.at("/error/event_id").asText()).isEqualTo("evt_1");
      assertThat(unknown.at("/error/param").asText()).isEqualTo("type");
      client.send("type", "input_audio_buffer.append", "audio", "%%% not base64");
      assertThat(client.await("error").json().at("/error/param").asText()).isEqualTo("audio");
      client.send("type", "response.cancel");
      assertThat(client.await("error").json().at("/error/code").asText()).isEqualTo("response_cancel_not_active");

      client.send("type", "session.update", "session", new RawJson("{\"instructions\":\"Be brief.\"}"));
      assertThat(client.await("session.updated").json().at("/session/instructions").asText()).isEqualTo("Be brief.");
      assertThat(client.closeCode).isNotDone();
    }
    @SuppressWarnings("unchecked")
    Map<String, Object> stats = (Map<String, Object>) simulator.stats().get("realtime");
    assertThat(stats).containsEntry("errorEvents", 4L);
  }
}
