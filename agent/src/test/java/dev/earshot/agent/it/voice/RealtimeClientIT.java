package dev.earshot.agent.it.voice;

import static org.assertj.core.api.Assertions.assertThat;

import dev.earshot.agent.it.openai.Simulator;
import dev.earshot.agent.it.support.AgentProcess;
import dev.earshot.agent.it.support.PrometheusText;
import java.time.Duration;
import java.util.regex.Matcher;
import org.junit.jupiter.api.Test;

/**
 * An application talking to a Realtime API as a client, with the beta event names
 * ({@code OpenAI-Beta: realtime=v1}: {@code response.audio.delta}, ...), against the simulator
 * with scripted delays: the voice latencies the agent records are the simulator's time to first
 * audio and transcription delay.
 */
class RealtimeClientIT {

  private static final int TTFT_MS = 400;
  private static final int TRANSCRIPTION_MS = 150;
  private static final String[] CLIENT = {"websocket_side", "client", "websocket_endpoint", "127.0.0.1"};

  @Test
  void betaEventsGiveTheScriptedLatencies() throws Exception {
    try (Simulator simulator = Simulator.start("beta-simulator",
            "--realtime-ttft-ms", Integer.toString(TTFT_MS), "--realtime-transcription-delay-ms", Integer.toString(TRANSCRIPTION_MS));
        AgentProcess app = AgentProcess.builder("dev.earshot.testapps.voice.RealtimeClientApp").name("realtime-beta-client")
            .args("ws://127.0.0.1:" + simulator.port() + "/v1/realtime?model=gpt-realtime", "sk-beta-it", "beta", "3")
            .start()) {
      app.awaitOutput("READY", Duration.ofSeconds(30));
      app.scrape(); // waits until the agent has started
      app.process().getOutputStream().write("go\n".getBytes(java.nio.charset.StandardCharsets.UTF_8));
      app.process().getOutputStream().flush();
      Matcher done = app.awaitOutput("DONE close=(\\d+) audio-deltas=(\\d+)", Duration.ofSeconds(60));
      assertThat(done.group(1)).isEqualTo("1000");
      assertThat(Integer.parseInt(done.group(2))).as("beta audio deltas received").isPositive();

      PrometheusText metrics = app.scrapeUntil(m -> m.sum("websocket_closes_total", CLIENT) >= 1, Duration.ofSeconds(15));
      assertThat(metrics.sum("conversation_turns_total", with("conversation_role", "user"))).isEqualTo(3);
      assertThat(metrics.sum("conversation_turns_total", with("conversation_role", "assistant"))).isEqualTo(3);
      assertThat(metrics.sum("conversation_responses_total", with("conversation_response_status", "completed"))).isEqualTo(3);
      assertThat(metrics.sum("conversation_interruptions_total", CLIENT)).isZero();

      // Speech stop -> first audio delta: the simulator's scripted time to first audio.
      assertThat(metrics.sum("conversation_response_latency_seconds_count", CLIENT)).isEqualTo(3);
      double latency = metrics.sum("conversation_response_latency_seconds_sum", CLIENT) / 3;
      assertThat(latency).isBetween(TTFT_MS / 1000.0, TTFT_MS / 1000.0 + 0.1);
      // Speech stop -> transcription completed: its scripted delay.
      assertThat(metrics.sum("conversation_transcription_delay_seconds_count", CLIENT)).isEqualTo(3);
      double transcription = metrics.sum("conversation_transcription_delay_seconds_sum", CLIENT) / 3;
      assertThat(transcription).isBetween(TRANSCRIPTION_MS / 1000.0, TRANSCRIPTION_MS / 1000.0 + 0.1);
      // A 400 ms bucket boundary separates the scripted latency from a slower one.
      assertThat(metrics.sum("conversation_response_latency_seconds_bucket", with("le", "0.5"))).isEqualTo(3);
      assertThat(metrics.sum("conversation_response_latency_seconds_bucket", with("le", "0.3"))).isZero();

      assertThat(metrics.sum("gen_ai_client_token_usage_count", "gen_ai_operation_name", "realtime", "gen_ai_token_type", "output"))
          .isEqualTo(3);
      // The session's model as session.created names it (like OpenAI, the simulator answers with the snapshot).
      assertThat(metrics.labelValues("gen_ai_client_token_usage_count", "gen_ai_request_model")).containsExactly("gpt-realtime-2025-08-28");
      assertThat(metrics.sum("earshot_agent_errors_total")).isZero();
    }
  }

  private static String[] with(String... keyValues) {
    String[] all = new String[CLIENT.length + keyValues.length];
    System.arraycopy(CLIENT, 0, all, 0, CLIENT.length);
    System.arraycopy(keyValues, 0, all, CLIENT.length, keyValues.length);
    return all;
  }
}
