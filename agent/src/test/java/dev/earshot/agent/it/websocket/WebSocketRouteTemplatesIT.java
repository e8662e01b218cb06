package dev.earshot.agent.it.websocket;

import static org.assertj.core.api.Assertions.assertThat;

import dev.earshot.agent.it.support.AgentProcess;
import dev.earshot.agent.it.support.PrometheusText;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * {@code websocket.endpoint} is the route template the application declared, under its context
 * path {@code /app}, on every server and API, each set up as its own documentation shows: one
 * series per route, whatever the path parameters hold (ids or words), the upgrade request's
 * {@code http.route} the same route (where a servlet container measures it), and the same
 * conversation measured identically everywhere. One application JVM per server, under the built agent.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class WebSocketRouteTemplatesIT {

  private static final String VOICE = "/app/voice/{room}";
  private static final String UPGRADES = "http_server_request_duration_seconds_count";
  /** Path parameter values: words, numbers, a UUID. Raw, a few of them would be normalised to {id}. */
  private static final List<String> ROOMS = List.of("room-42", "room-7", "42", "0b9f2c55-52c4-4a11-9a66-9f1b6a0b7a3e", "lobby");

  /** Each server's other declared routes: two request paths each, and the endpoint they must give. */
  enum Server {
    JAKARTA_TOMCAT("routes.JakartaVoiceApp", "tomcat", Map.of(
        "/app/calls/{callId}/audio", List.of("/app/calls/c-1/audio", "/app/calls/981/audio"))),
    JAKARTA_JETTY_EE10("routes.JakartaVoiceApp", "jetty-ee10", Map.of(
        "/app/calls/{callId}/audio", List.of("/app/calls/c-1/audio", "/app/calls/981/audio"))),
    JAKARTA_JETTY_EE11("routes.JakartaVoiceApp", "jetty-ee11", Map.of(
        "/app/calls/{callId}/audio", List.of("/app/calls/c-1/audio", "/app/calls/981/audio"))),
    JETTY_API("routes.JettyApiVoiceApp", null, Map.of(
        "/app/feed/*", List.of("/app/feed/news", "/app/feed/7/items"),
        // A regular expression is a pattern, not a path: the raw path, normalised.
        "/app/legacy/{id}", List.of("/app/legacy/12345", "/app/legacy/67890"))),
    JAVALIN("JavalinWebSocketApp", "/app", Map.of(
        "/app/ws/sessions/{id}", List.of("/app/ws/sessions/s-1", "/app/ws/sessions/2"))),
    SPRING_TOMCAT("routes.SpringVoiceApp", "tomcat", Map.of()),
    SPRING_JETTY("routes.SpringVoiceApp", "jetty", Map.of());

    final String mainClass;
    final String argument;
    final Map<String, List<String>> otherRoutes;

    Server(String mainClass, String argument, Map<String, List<String>> otherRoutes) {
      this.mainClass = "dev.earshot.testapps.websocket." + mainClass;
      this.argument = argument;
      this.otherRoutes = otherRoutes;
    }

    boolean spring() {
      return this == SPRING_TOMCAT || this == SPRING_JETTY;
    }
  }

  /** The conversation's counts on each server, compared once every server has run. */
  private static final Map<Server, Map<String, Double>> CONVERSATIONS = new EnumMap<>(Server.class);

  @ParameterizedTest(name = "{0}")
  @EnumSource(Server.class)
  @Order(1)
  @Timeout(90)
  void websocketEndpointIsTheDeclaredRoute(Server server) throws Exception {
    AgentProcess.Builder builder = AgentProcess.builder(server.mainClass).name("WebSocketRouteTemplatesIT-" + server);
    if (server.argument != null) {
      builder.args(server.argument);
    }
    try (AgentProcess app = builder.start()) {
      int port = Integer.parseInt(app.awaitOutput("READY port=(\\d+)", Duration.ofSeconds(60)).group(1));
      WsServerChecks checks = new WsServerChecks(app, port);
      app.scrape();

      oneSeriesForEveryRoom(checks, app);
      for (Map.Entry<String, List<String>> route : server.otherRoutes.entrySet()) {
        oneSeriesPerRoute(checks, route.getValue(), route.getKey());
      }
      if (server.spring()) {
        stompEndpointIsItsPattern(checks);
      }
      CONVERSATIONS.put(server, checks.realtimeConversation("/app/voice/conversation-1", VOICE).counts());

      PrometheusText last = app.scrape();
      Set<String> expected = new TreeSet<>(server.otherRoutes.keySet());
      expected.add(VOICE);
      if (server.spring()) {
        expected.add("/app/stomp/{tenant}");
      }
      assertThat(serverEndpoints(last)).isEqualTo(expected);
      // The upgrade requests, measured as HTTP requests in servlet containers, carry the same routes.
      Set<String> upgradeRoutes = new TreeSet<>();
      last.series(UPGRADES, "http_response_status_code", "101").forEach(sample -> upgradeRoutes.add(sample.label("http_route")));
      assertThat(upgradeRoutes).isEqualTo(server == Server.JETTY_API ? Set.of() : expected);
      if (server != Server.JETTY_API) {
        assertThat(last.sum(UPGRADES, "http_route", VOICE)).isEqualTo(ROOMS.size() + 1);
      }
      assertThat(last.sum(WsMetrics.AGENT_ERRORS)).isZero();
    }
  }

  /** Every server: the conversation gave the same counts, series for series, as on the first one. */
  @Test
  @Order(2)
  void theSameConversationIsMeasuredIdenticallyOnEveryServer() {
    assertThat(CONVERSATIONS.keySet()).as("servers whose run completed").containsExactly(Server.values());
    Map<String, Double> reference = CONVERSATIONS.get(Server.values()[0]);
    assertThat(reference).isNotEmpty();
    CONVERSATIONS.forEach((server, counts) -> assertThat(counts).as(server.name()).isEqualTo(reference));
  }

  /** The first connections of a fresh server: one series, the template, whatever the room is called. */
  private static void oneSeriesForEveryRoom(WsServerChecks checks, AgentProcess app) {
    PrometheusText before = app.scrape();
    for (String room : ROOMS) {
      talkBriefly(checks, "/app/voice/" + room);
    }
    WsMetrics m = checks.awaitServer(before, VOICE, x -> x.allCloses() == ROOMS.size() && x.active() == 0);
    assertThat(m.closes(1000, "remote")).as(() -> evidence(app.scrape())).isEqualTo(ROOMS.size());
    assertThat(m.received("text")).isEqualTo(ROOMS.size());
    assertThat(m.sent("text")).isEqualTo(ROOMS.size());
    assertThat(m.sum(WsMetrics.PAYLOAD_RECEIVED)).isEqualTo(ROOMS.size() * "say:hi".length());
    assertThat(m.sum(WsMetrics.PAYLOAD_SENT)).isEqualTo(ROOMS.size() * "hi".length());
    assertThat(m.sum(WsMetrics.DURATION_COUNT)).isEqualTo(ROOMS.size());
    assertThat(m.active()).isZero();
    assertThat(serverEndpoints(app.scrape())).containsExactly(VOICE);
  }

  private static void oneSeriesPerRoute(WsServerChecks checks, List<String> paths, String endpoint) {
    PrometheusText before = checks.scrape();
    for (String path : paths) {
      talkBriefly(checks, path);
    }
    WsMetrics m = checks.awaitServer(before, endpoint, x -> x.allCloses() == paths.size() && x.active() == 0);
    assertThat(m.closes(1000, "remote")).as(endpoint).isEqualTo(paths.size());
    assertThat(m.received("text")).as(endpoint).isEqualTo(paths.size());
    assertThat(m.sent("text")).as(endpoint).isEqualTo(paths.size());
  }

  /** One command and its answer, then the peer closes. */
  private static void talkBriefly(WsServerChecks checks, String path) {
    WsPeer peer = WsPeer.connect(checks.uri(path));
    peer.text("say:hi");
    assertThat(peer.next()).isEqualTo("hi");
    assertThat(peer.close(1000)).isEqualTo(1000);
  }

  /** Spring's STOMP endpoint {@code /stomp/{tenant}}: a STOMP CONNECT answered by CONNECTED, for two tenants. */
  private static void stompEndpointIsItsPattern(WsServerChecks checks) {
    String endpoint = "/app/stomp/{tenant}";
    PrometheusText before = checks.scrape();
    for (String tenant : List.of("acme", "42")) {
      WsPeer peer = WsPeer.connect(checks.uri("/app/stomp/" + tenant));
      peer.text("CONNECT\naccept-version:1.2\nhost:127.0.0.1\nheart-beat:0,0\n\n\u0000");
      assertThat((String) peer.next()).startsWith("CONNECTED\n");
      assertThat(peer.close(1000)).isEqualTo(1000);
    }
    WsMetrics m = checks.awaitServer(before, endpoint, x -> x.allCloses() == 2 && x.active() == 0);
    assertThat(m.closes(1000, "remote")).isEqualTo(2);
    assertThat(m.received("text")).isEqualTo(2);
    assertThat(m.sent("text")).isEqualTo(2);
  }

  /** The WebSocket series and any agent error, for a failure's message. */
  private static String evidence(PrometheusText text) {
    return text.raw().lines()
        .filter(line -> line.startsWith("websocket_") && !line.contains("_bucket") || line.startsWith(WsMetrics.AGENT_ERRORS) && !line.endsWith(" 0.0"))
        .reduce("", (a, b) -> a + "\n" + b);
  }

  private static Set<String> serverEndpoints(PrometheusText text) {
    Set<String> endpoints = new TreeSet<>();
    for (PrometheusText.Sample sample : text.series(WsMetrics.CLOSES, "websocket_side", "server")) {
      endpoints.add(sample.label("websocket_endpoint"));
    }
    for (PrometheusText.Sample sample : text.series(WsMetrics.ACTIVE, "websocket_side", "server")) {
      endpoints.add(sample.label("websocket_endpoint"));
    }
    return endpoints;
  }
}
