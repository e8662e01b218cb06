package dev.earshot.agent.it.startup;

import static org.assertj.core.api.Assertions.assertThat;

import dev.earshot.agent.it.openai.Simulator;
import dev.earshot.agent.it.support.AgentProcess;
import dev.earshot.agent.it.support.PrometheusText;
import java.time.Duration;
import java.util.regex.Matcher;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * No blind window at start-up: an application that serves requests, holds a WebSocket
 * conversation (client and server side) and calls OpenAI in the first moments of {@code main},
 * without waiting for anything, is measured exactly.
 *
 * <p>The agent's metrics SDK is held back by {@code earshot.metrics.start-delay-ms} so that this
 * is certain to happen before the SDK exists, on a fast machine as on a slow one: the
 * measurements are buffered from the first request on and replayed when the SDK comes up.
 */
@Timeout(120)
class FirstMomentsIT {

  private static final int START_DELAY_MS = 10_000;

  @Test
  void everythingDoneBeforeTheSdkIsUpIsMeasuredExactly() {
    int metricsPort = AgentProcess.freePort();
    try (Simulator simulator = Simulator.start("FirstMomentsIT-simulator");
        AgentProcess app = AgentProcess.builder("dev.earshot.testapps.startup.FirstMomentsApp").name("FirstMomentsIT")
            .jvm("-Dearshot.log.level=debug", "-Dearshot.openai.hosts=" + simulator.hostAndPort(),
                "-Dearshot.metrics.start-delay-ms=" + START_DELAY_MS)
            .prometheusPort(metricsPort)
            .args(simulator.baseUrl(), Integer.toString(metricsPort)).start()) {
      long requests = Long.parseLong(app.awaitOutput("^jdk-http requests=(\\d+)$", Duration.ofSeconds(60)).group(1));
      app.awaitOutput("^DONE$", Duration.ofSeconds(60));
      assertThat(app.output()).contains("STEP jdk-http sdk-up=false", "STEP jetty sdk-up=false");
      // At least the first requests (three measurements each) were taken before the SDK existed.
      Matcher replayed = app.awaitOutput("DEBUG (\\d+) measurements taken before the metrics SDK was ready were replayed",
          Duration.ofSeconds(30));
      assertThat(Long.parseLong(replayed.group(1))).isGreaterThanOrEqualTo(3 * requests);
      assertThat(app.output()).doesNotContain("were dropped");

      PrometheusText m = app.scrapeUntil(x -> x.sum("gen_ai_client_operation_duration_seconds_count") == 2
          && x.sum("websocket_closes_total") == 2, Duration.ofSeconds(20));

      assertThat(m.value("http_server_request_duration_seconds_count", "http_route", "/first", "http_response_status_code", "200"))
          .isEqualTo(requests);
      assertThat(m.value("http_server_request_duration_seconds_count", "http_route", "/hello", "http_response_status_code", "200"))
          .isEqualTo(1);
      assertThat(m.sum("http_server_request_duration_seconds_count")).isEqualTo(requests + 1);
      assertThat(m.sum("http_server_active_requests")).isZero();

      String[] server = {"websocket_side", "server", "websocket_endpoint", "/ws/realtime"};
      String[] client = {"websocket_side", "client", "websocket_endpoint", "127.0.0.1"};
      for (String[] side : new String[][] {server, client}) {
        assertThat(m.value("websocket_messages_sent_total", with(side, "websocket_message_type", "text"))).isEqualTo(7);
        assertThat(m.value("websocket_messages_received_total", with(side, "websocket_message_type", "text"))).isEqualTo(7);
        assertThat(m.value("websocket_connections_active", side)).isZero();
        assertThat(m.value("conversation_turns_total", with(side, "conversation_role", "user"))).isEqualTo(2);
        assertThat(m.value("conversation_turns_total", with(side, "conversation_role", "assistant"))).isEqualTo(2);
        assertThat(m.value("conversation_interruptions_total", side)).isEqualTo(1);
        assertThat(m.value("conversation_responses_total", with(side, "conversation_response_status", "completed"))).isEqualTo(1);
        assertThat(m.value("conversation_responses_total", with(side, "conversation_response_status", "cancelled"))).isEqualTo(1);
      }
      assertThat(m.value("websocket_closes_total", with(client, "websocket_close_code", "1000", "websocket_close_initiator", "local")))
          .isEqualTo(1);
      assertThat(m.value("websocket_closes_total", with(server, "websocket_close_code", "1000", "websocket_close_initiator", "remote")))
          .isEqualTo(1);

      String[] chat = {"gen_ai_operation_name", "chat", "gen_ai_request_model", "gpt-4o-mini"};
      assertThat(m.sum("gen_ai_client_operation_duration_seconds_count", chat)).isEqualTo(2);
      assertThat(m.sum("gen_ai_client_operation_time_to_first_chunk_seconds_count", chat)).isEqualTo(1);
      Matcher plain = app.awaitOutput("^chat input=(\\d+) output=(\\d+)$", Duration.ofSeconds(1));
      Matcher streamed = app.awaitOutput("^stream input=(\\d+) output=(\\d+)$", Duration.ofSeconds(1));
      long input = Long.parseLong(plain.group(1)) + Long.parseLong(streamed.group(1));
      long output = Long.parseLong(plain.group(2)) + Long.parseLong(streamed.group(2));
      assertThat(m.sum("gen_ai_client_token_usage_sum", with(chat, "gen_ai_token_type", "input"))).isEqualTo(input);
      assertThat(m.sum("gen_ai_client_token_usage_sum", with(chat, "gen_ai_token_type", "output"))).isEqualTo(output);

      assertThat(m.sum("earshot_agent_errors_total")).isZero();
    }
  }

  private static String[] with(String[] base, String... more) {
    String[] all = java.util.Arrays.copyOf(base, base.length + more.length);
    System.arraycopy(more, 0, all, base.length, more.length);
    return all;
  }
}
