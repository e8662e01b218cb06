package dev.earshot.agent.it.voice;

import static org.assertj.core.api.Assertions.assertThat;

import dev.earshot.agent.it.openai.Simulator;
import dev.earshot.agent.it.support.AgentProcess;
import dev.earshot.agent.it.support.PrometheusText;
import dev.earshot.agent.it.voice.RealtimeCaller.Event;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The sample assistant as a relay ({@code --realtime relay}): a caller's /ws/realtime frames go
 * through the assistant's {@code java.net.http} WebSocket to the simulator's Realtime endpoint,
 * which plays OpenAI. The agent sees the conversation twice, on the server side and on the client
 * side, and records the Realtime token usage once, on the client side, equal to what the
 * {@code response.done} events carried.
 */
class SampleAssistantRelayIT {

  private static final Duration ANSWER = Duration.ofSeconds(20);
  private static final String[] SERVER = {"websocket_side", "server", "websocket_endpoint", "/ws/realtime"};
  private static final String[] CLIENT = {"websocket_side", "client", "websocket_endpoint", "127.0.0.1"};

  @Test
  void aRelayedConversationIsMeasuredOnBothSidesAndItsTokensOnce() throws Exception {
    try (Simulator simulator = Simulator.start("relay-simulator");
        AgentProcess app = AgentProcess.builder("sample-assistant").name("relay-assistant")
            .jar(Simulator.sampleJar().toString()).args("--port", "0", "--realtime", "relay")
            .env("OPENAI_BASE_URL", simulator.baseUrl()).env("OPENAI_API_KEY", "sk-relay-it")
            .start()) {
      int port = Integer.parseInt(app.awaitOutput("listening on http://[^:]+:(\\d+)", Duration.ofSeconds(60)).group(1));
      app.scrape(); // the agent has started: connections from now on are measured
      RealtimeCaller caller = new RealtimeCaller(URI.create("ws://127.0.0.1:" + port + "/ws/realtime"));
      caller.await("session.created", 1, Duration.ofSeconds(10));
      Thread.sleep(400);
      for (int turn = 1; turn <= 2; turn++) {
        caller.speak(1_000);
        caller.await("response.done", turn, ANSWER);
      }
      Thread.sleep(300);
      assertThat(caller.hangUp()).isEqualTo(1000);

      List<Event> done = caller.events("response.done", json -> true);
      assertThat(done).extracting(e -> e.json().path("response").path("status").asText()).containsExactly("completed", "completed");
      long inputTokens = done.stream().mapToLong(e -> e.json().path("response").path("usage").path("input_tokens").asLong()).sum();
      long outputTokens = done.stream().mapToLong(e -> e.json().path("response").path("usage").path("output_tokens").asLong()).sum();
      long outputAudio = done.stream()
          .mapToLong(e -> e.json().path("response").path("usage").path("output_token_details").path("audio_tokens").asLong()).sum();
      assertThat(inputTokens).isPositive();
      assertThat(outputAudio).isPositive();

      PrometheusText metrics = app.scrapeUntil(
          m -> m.sum("websocket_closes_total", SERVER) >= 1 && m.sum("websocket_closes_total", CLIENT) >= 1, Duration.ofSeconds(15));
      for (String[] side : List.of(SERVER, CLIENT)) {
        assertThat(metrics.sum("conversation_turns_total", with(side, "conversation_role", "user"))).as("user turns %s", side[1]).isEqualTo(2);
        assertThat(metrics.sum("conversation_turns_total", with(side, "conversation_role", "assistant"))).isEqualTo(2);
        assertThat(metrics.sum("conversation_responses_total", with(side, "conversation_response_status", "completed"))).isEqualTo(2);
        assertThat(metrics.sum("conversation_response_latency_seconds_count", side)).isEqualTo(2);
        assertThat(metrics.sum("conversation_transcription_delay_seconds_count", side)).isEqualTo(2);
        assertThat(metrics.sum("websocket_connections_active", side)).isZero();
        assertThat(metrics.sum("websocket_closes_total", side)).isEqualTo(1);
      }
      // Every frame relayed: what the caller sent went upstream, what came back reached the caller.
      assertThat(metrics.sum("websocket_messages_received_total", SERVER)).isEqualTo(caller.framesSent());
      assertThat(metrics.sum("websocket_messages_sent_total", CLIENT)).isEqualTo(caller.framesSent());
      assertThat(metrics.sum("websocket_payload_sent_bytes_total", CLIENT)).isEqualTo(caller.bytesSent());
      assertThat(metrics.sum("websocket_messages_received_total", CLIENT)).isEqualTo(caller.framesReceived());
      assertThat(metrics.sum("websocket_messages_sent_total", SERVER)).isEqualTo(caller.framesReceived());
      assertThat(metrics.sum("websocket_payload_received_bytes_total", CLIENT)).isEqualTo(caller.bytesReceived());
      assertThat(metrics.sum("websocket_closes_total", with(CLIENT, "websocket_close_initiator", "local"))).isEqualTo(1);

      // Realtime token usage: once (client side), equal to the usage the responses carried.
      String usage = "gen_ai_client_token_usage_sum";
      assertThat(metrics.sum(usage, "gen_ai_operation_name", "realtime", "gen_ai_token_type", "input")).isEqualTo(inputTokens);
      assertThat(metrics.sum(usage, "gen_ai_operation_name", "realtime", "gen_ai_token_type", "output")).isEqualTo(outputTokens);
      assertThat(metrics.sum("earshot_openai_tokens_total", "gen_ai_operation_name", "realtime", "gen_ai_token_type", "output",
          "earshot_openai_token_modality", "audio")).isEqualTo(outputAudio);
      assertThat(metrics.labelValues(usage, "server_address")).contains("127.0.0.1");
      assertThat(metrics.sum("earshot_agent_errors_total")).isZero();
    }
  }

  private static String[] with(String[] side, String... keyValues) {
    String[] all = new String[side.length + keyValues.length];
    System.arraycopy(side, 0, all, 0, side.length);
    System.arraycopy(keyValues, 0, all, side.length, keyValues.length);
    return all;
  }
}
