package dev.earshot.agent.it.voice;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import dev.earshot.agent.it.openai.Simulator;
import dev.earshot.agent.it.support.AgentProcess;
import dev.earshot.agent.it.support.PrometheusText;
import dev.earshot.agent.it.voice.RealtimeCaller.Event;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/**
 * The sample assistant's full-duplex conversation ({@code /ws/realtime}, Javalin on Jetty 12) under
 * the built agent, its OpenAI calls going to the simulator in another JVM, and a caller in the test
 * JVM that speaks three times and barges in once. What the agent reports on the server side must
 * be exactly what the caller saw: the frames and their bytes both ways, the turns, the
 * interruption, the responses by status, and the latencies between the events as they passed.
 */
class SampleAssistantVoiceIT {

  private static final Duration ANSWER = Duration.ofSeconds(20);
  private static final String[] SERVER = {"websocket_side", "server", "websocket_endpoint", "/ws/realtime"};

  @Test
  void threeTurnsWithOneBargeInAreMeasuredAsTheCallerExperiencedThem() throws Exception {
    try (Simulator simulator = Simulator.start("voice-simulator", "--ttft-ms", "200", "--token-delay-ms", "10");
        AgentProcess app = AgentProcess.builder("sample-assistant").name("voice-assistant")
            .jar(Simulator.sampleJar().toString()).args("--port", "0")
            .env("OPENAI_BASE_URL", simulator.baseUrl()).env("OPENAI_API_KEY", "sk-voice-it")
            .start()) {
      int port = Integer.parseInt(app.awaitOutput("listening on http://[^:]+:(\\d+)", Duration.ofSeconds(60)).group(1));
      app.scrape(); // the agent has started: connections from now on are measured
      URI uri = URI.create("ws://127.0.0.1:" + port + "/ws/realtime");

      RealtimeCaller caller = new RealtimeCaller(uri);
      caller.await("session.created", 1, Duration.ofSeconds(10));
      Thread.sleep(400); // quiet audio first: the detector calibrates its noise floor

      // Turn 1: spoken, answered, played out.
      caller.speak(1_000);
      caller.await("response.done", 1, ANSWER);
      caller.await("output_audio_buffer.stopped", 1, ANSWER);
      // Turn 2: spoken; at its answer's first audio the caller talks over it (turn 3).
      caller.speak(1_000);
      caller.await("response.created", 2, ANSWER);
      Event secondAnswerAudio = firstAfter(caller, "response.output_audio.delta", caller.await("response.created", 2, ANSWER));
      assertThat(secondAnswerAudio).isNotNull();
      caller.speak(1_000);
      caller.await("response.done", 2, ANSWER);
      caller.await("response.done", 3, ANSWER);
      caller.await("output_audio_buffer.stopped", 2, ANSWER);
      Thread.sleep(300);
      assertThat(caller.hangUp()).isEqualTo(1000);

      List<Event> done = caller.events("response.done", json -> true);
      assertThat(done).extracting(e -> e.json().path("response").path("status").asText())
          .containsExactly("completed", "cancelled", "completed");

      PrometheusText metrics = app.scrapeUntil(m -> m.sum("websocket_closes_total", SERVER) >= 1, Duration.ofSeconds(15));

      // The frames, exactly.
      assertThat(metrics.sum("websocket_messages_received_total", with("websocket_message_type", "text"))).isEqualTo(caller.framesSent());
      assertThat(metrics.sum("websocket_payload_received_bytes_total", SERVER)).isEqualTo(caller.bytesSent());
      assertThat(metrics.sum("websocket_messages_sent_total", with("websocket_message_type", "text"))).isEqualTo(caller.framesReceived());
      assertThat(metrics.sum("websocket_payload_sent_bytes_total", SERVER)).isEqualTo(caller.bytesReceived());
      assertThat(metrics.sum("websocket_send_duration_seconds_count", SERVER)).isEqualTo(caller.framesReceived());
      assertThat(metrics.sum("websocket_connections_active", SERVER)).isZero();
      assertThat(metrics.sum("websocket_closes_total", with("websocket_close_code", "1000", "websocket_close_initiator", "remote")))
          .isEqualTo(1);

      // The conversation.
      assertThat(metrics.sum("conversation_turns_total", with("conversation_role", "user"))).isEqualTo(3);
      assertThat(metrics.sum("conversation_turns_total", with("conversation_role", "assistant"))).isEqualTo(3);
      assertThat(metrics.sum("conversation_interruptions_total", SERVER)).isEqualTo(1);
      assertThat(metrics.sum("conversation_responses_total", with("conversation_response_status", "completed"))).isEqualTo(2);
      assertThat(metrics.sum("conversation_responses_total", with("conversation_response_status", "cancelled"))).isEqualTo(1);

      // The latencies, as the caller saw the same events pass (each within 50 ms).
      List<Event> stopped = caller.events("input_audio_buffer.speech_stopped", json -> true);
      assertThat(stopped).hasSize(3);
      double voiceLatency = 0;
      for (Event end : stopped) {
        voiceLatency += seconds(end, firstAfter(caller, "response.output_audio.delta", end));
      }
      assertThat(metrics.sum("conversation_response_latency_seconds_count", SERVER)).isEqualTo(3);
      assertThat(metrics.sum("conversation_response_latency_seconds_sum", SERVER)).isCloseTo(voiceLatency, within(0.15));
      assertThat(voiceLatency / 3).as("mean voice latency (the simulator's TTFT is 200 ms)").isGreaterThan(0.2);

      double transcription = 0;
      List<Event> transcribed = caller.events("conversation.item.input_audio_transcription.completed", json -> true);
      assertThat(transcribed).hasSize(3);
      for (int i = 0; i < 3; i++) {
        transcription += seconds(stopped.get(i), transcribed.get(i));
      }
      assertThat(metrics.sum("conversation_transcription_delay_seconds_count", SERVER)).isEqualTo(3);
      assertThat(metrics.sum("conversation_transcription_delay_seconds_sum", SERVER)).isCloseTo(transcription, within(0.15));

      Event bargeIn = caller.events("input_audio_buffer.speech_started", json -> true).get(2);
      Event cut = firstAfter(caller, "output_audio_buffer.cleared", bargeIn);
      Event cancelled = done.get(1);
      double bargeInLatency = seconds(bargeIn, cut == null || cancelled.nanos() < cut.nanos() ? cancelled : cut);
      assertThat(metrics.sum("conversation_barge_in_latency_seconds_count", SERVER)).isEqualTo(1);
      assertThat(metrics.sum("conversation_barge_in_latency_seconds_sum", SERVER)).isCloseTo(bargeInLatency, within(0.05));

      // The assistant's OpenAI calls behind the conversation: one transcription per turn.
      assertThat(metrics.sum("gen_ai_client_operation_duration_seconds_count", "gen_ai_operation_name", "transcription")).isEqualTo(3);
      assertThat(metrics.sum("earshot_agent_errors_total")).isZero();

      // A caller that vanishes without a close frame: 1006, and the gauge back to 0.
      RealtimeCaller vanishing = new RealtimeCaller(uri);
      vanishing.await("session.created", 1, Duration.ofSeconds(10));
      vanishing.drop();
      metrics = app.scrapeUntil(m -> m.sum("websocket_closes_total", with("websocket_close_code", "1006")) >= 1, Duration.ofSeconds(30));
      assertThat(metrics.sum("websocket_closes_total", with("websocket_close_code", "1006", "websocket_close_initiator", "remote")))
          .isEqualTo(1);
      assertThat(metrics.sum("websocket_connections_active", SERVER)).isZero();
    }
  }

  private static String[] with(String... keyValues) {
    String[] all = new String[SERVER.length + keyValues.length];
    System.arraycopy(SERVER, 0, all, 0, SERVER.length);
    System.arraycopy(keyValues, 0, all, SERVER.length, keyValues.length);
    return all;
  }

  private static Event firstAfter(RealtimeCaller caller, String type, Event after) throws InterruptedException {
    long deadline = System.nanoTime() + ANSWER.toNanos();
    while (System.nanoTime() < deadline) {
      for (Event event : caller.events(type, (Predicate<JsonNode>) json -> true)) {
        if (event.nanos() > after.nanos()) {
          return event;
        }
      }
      if (!type.equals("response.output_audio.delta")) {
        return null;
      }
      Thread.sleep(10);
    }
    return null;
  }

  private static double seconds(Event from, Event to) {
    return (to.nanos() - from.nanos()) / 1e9;
  }
}
