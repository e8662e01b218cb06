package dev.earshot.agent.it.redeploy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.earshot.agent.it.openai.Simulator;
import dev.earshot.agent.it.support.AgentProcess;
import dev.earshot.agent.it.support.Http;
import dev.earshot.agent.it.support.PrometheusText;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * What each deployment of the redeployed web application is given, and what the agent must then
 * show: every deployment so far, counted exactly.
 */
final class AssistantTraffic {

  static final String CONTEXT = "/assistant";
  private static final int HEALTH_CHECKS = 2;
  private static final int ECHOES = 3;

  private AssistantTraffic() {}

  /** Two health checks, a chat completion, a streamed one, three echoes on the WebSocket. */
  static void exercise(String base, int generation) throws Exception {
    for (int i = 0; i < HEALTH_CHECKS; i++) {
      HttpResponse<String> health = Http.get(base + "/health");
      assertThat(health.statusCode()).isEqualTo(200);
      assertThat(health.body()).isEqualTo("ok " + generation);
    }
    for (String query : List.of("", "?stream=true")) {
      HttpResponse<String> chat = Http.send(HttpRequest.newBuilder(URI.create(base + "/chat" + query))
          .timeout(Duration.ofSeconds(30)).POST(HttpRequest.BodyPublishers.ofString("Hello from deployment " + generation)).build());
      assertThat(chat.statusCode()).as(chat.body()).isEqualTo(200);
      assertThat(chat.body()).isNotBlank();
    }
    LinkedBlockingQueue<String> echoes = new LinkedBlockingQueue<>();
    CompletableFuture<Integer> closed = new CompletableFuture<>();
    WebSocket socket = HttpClient.newHttpClient().newWebSocketBuilder()
        .buildAsync(URI.create(base.replace("http:", "ws:") + "/ws/echo"), new WebSocket.Listener() {
          @Override
          public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
            echoes.add(data.toString());
            ws.request(1);
            return null;
          }

          @Override
          public CompletionStage<?> onClose(WebSocket ws, int statusCode, String reason) {
            closed.complete(statusCode);
            return null;
          }
        }).get(10, TimeUnit.SECONDS);
    for (int i = 1; i <= ECHOES; i++) {
      socket.sendText("message " + i, true).get(5, TimeUnit.SECONDS);
      assertThat(echoes.poll(10, TimeUnit.SECONDS)).isEqualTo("echo: message " + i);
    }
    socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye").get(5, TimeUnit.SECONDS);
    assertThat(closed.get(10, TimeUnit.SECONDS)).isEqualTo(WebSocket.NORMAL_CLOSURE);
  }

  /** Every deployment so far measured exactly: {@code generation} times one deployment's traffic. */
  static void assertMeasured(AgentProcess server, Simulator simulator, int generation) {
    String[] ws = {"websocket_side", "server", "websocket_endpoint", CONTEXT + "/ws/echo"};
    PrometheusText metrics = server.scrapeUntil(m -> m.sum("websocket_closes_total", ws) >= generation
        && m.sum("http_server_request_duration_seconds_count", "http_route", CONTEXT + "/chat") >= 2L * generation,
        Duration.ofSeconds(15));
    assertThat(metrics.sum("http_server_request_duration_seconds_count", "http_route", CONTEXT + "/health",
        "http_request_method", "GET", "http_response_status_code", "200")).isEqualTo(HEALTH_CHECKS * generation);
    assertThat(metrics.sum("http_server_request_duration_seconds_count", "http_route", CONTEXT + "/chat",
        "http_request_method", "POST", "http_response_status_code", "200")).isEqualTo(2 * generation);
    assertThat(metrics.sum("websocket_messages_received_total", ws)).isEqualTo(ECHOES * generation);
    assertThat(metrics.sum("websocket_messages_sent_total", ws)).isEqualTo(ECHOES * generation);
    assertThat(metrics.sum("websocket_closes_total", ws)).isEqualTo(generation);
    assertThat(metrics.sum("websocket_closes_total", "websocket_close_code", "1000", "websocket_close_initiator", "remote"))
        .isEqualTo(generation);
    assertThat(metrics.sum("websocket_connections_active", ws)).isZero();
    assertThat(metrics.sum("gen_ai_client_operation_duration_seconds_count", "gen_ai_operation_name", "chat"))
        .isEqualTo(2 * generation);
    assertThat(simulator.stats().path("byEndpoint").path("POST /v1/chat/completions").asLong()).isEqualTo(2L * generation);
    assertThat(metrics.sum("http_server_active_requests")).isZero();
  }
}
