package dev.earshot.agent.websocket;

import static org.assertj.core.api.Assertions.assertThat;

import dev.earshot.agent.TestTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.sdk.metrics.data.HistogramPointData;
import io.opentelemetry.sdk.metrics.data.LongPointData;
import io.opentelemetry.sdk.metrics.data.MetricData;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.List;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The WebSocket recorder fed as an adapter would, read back from a real SDK. */
class WebSocketConnectionTest {

  private static final AttributeKey<String> ENDPOINT = AttributeKey.stringKey("websocket.endpoint");
  private static final AttributeKey<String> SIDE = AttributeKey.stringKey("websocket.side");

  @BeforeAll
  static void sdk() {
    TestTelemetry.reader();
  }

  @Test
  void countsMessagesPayloadAndACleanCloseOnATemplatedEndpoint() {
    WebSocketConnection connection = WebSocketMetrics.serverConnectionFromPath("/ws/clean/12345?token=secret");
    assertThat(connection.endpoint()).isEqualTo("/ws/clean/{id}");
    assertThat(sum("websocket.connections.active", "/ws/clean/{id}", p -> true)).isEqualTo(1);

    connection.messageReceived(true);
    connection.payloadReceived(10);
    connection.messageReceived(false);
    connection.payloadReceived(320);
    connection.messageSent(true);
    connection.payloadSent(7);
    connection.payloadSent(0);
    connection.closeSent(1000);
    connection.closeReceived(1000);
    connection.ended(false);
    connection.ended(true); // only the first end counts

    assertThat(sum("websocket.messages.received", "/ws/clean/{id}", type("text"))).isEqualTo(1);
    assertThat(sum("websocket.messages.received", "/ws/clean/{id}", type("binary"))).isEqualTo(1);
    assertThat(sum("websocket.messages.sent", "/ws/clean/{id}", type("text"))).isEqualTo(1);
    assertThat(sum("websocket.payload.received", "/ws/clean/{id}", p -> true)).isEqualTo(330);
    assertThat(sum("websocket.payload.sent", "/ws/clean/{id}", p -> true)).isEqualTo(7);
    assertThat(sum("websocket.connections.active", "/ws/clean/{id}", p -> true)).isZero();
    assertThat(sum("websocket.closes", "/ws/clean/{id}", close(1000, "local"))).isEqualTo(1);
    assertThat(sum("websocket.closes", "/ws/clean/{id}", p -> true)).isEqualTo(1);
    List<HistogramPointData> durations = histograms("websocket.connection.duration", "/ws/clean/{id}");
    assertThat(durations).hasSize(1);
    assertThat(durations.get(0).getCount()).isEqualTo(1);
    assertThat(durations.get(0).getAttributes().get(AttributeKey.longKey("websocket.close.code"))).isEqualTo(1000);
    assertThat(durations.get(0).getAttributes().get(SIDE)).isEqualTo("server");
  }

  @Test
  void aConnectionDroppedWithoutCloseFrameIs1006ByWhoDroppedIt() {
    WebSocketMetrics.serverConnectionFromPath("/ws/dropped").ended(false);
    WebSocketMetrics.serverConnectionFromPath("/ws/dropped").ended(true);
    WebSocketConnection remoteFirst = WebSocketMetrics.serverConnectionFromPath("/ws/dropped");
    remoteFirst.closeReceived(4001);
    remoteFirst.closeSent(4001);
    remoteFirst.ended(true);

    assertThat(sum("websocket.closes", "/ws/dropped", close(1006, "remote"))).isEqualTo(1);
    assertThat(sum("websocket.closes", "/ws/dropped", close(1006, "local"))).isEqualTo(1);
    assertThat(sum("websocket.closes", "/ws/dropped", close(4001, "remote"))).isEqualTo(1);
    assertThat(sum("websocket.connections.active", "/ws/dropped", p -> true)).isZero();
  }

  @Test
  void closeCodesOutsideTheRegistryAreReportedAsZero() {
    assertThat(CloseCodes.reported(1000)).isEqualTo(1000);
    assertThat(CloseCodes.reported(1015)).isEqualTo(1015);
    assertThat(CloseCodes.reported(999)).isZero();
    assertThat(CloseCodes.reported(2000)).isZero();
    assertThat(CloseCodes.reported(5000)).isZero();
    assertThat(CloseCodes.slot(1000)).isNotEqualTo(CloseCodes.slot(1001));
  }

  @Test
  void clientEndpointsAreHostsAndBounded() {
    WebSocketConnection connection = WebSocketMetrics.clientConnection("API.Example.COM", 443);
    assertThat(connection.endpoint()).isEqualTo("api.example.com");
    connection.ended(false);
    WebSocketEndpoints endpoints = new WebSocketEndpoints(WebSocketMetrics.Side.CLIENT, 2);
    assertThat(endpoints.forHost("a").name).isEqualTo("a");
    assertThat(endpoints.forHost("b").name).isEqualTo("b");
    assertThat(endpoints.forHost("c").name).isEqualTo("OTHER");
    assertThat(endpoints.forHost("a")).isSameAs(endpoints.forHost("a"));
    WebSocketEndpoints servers = new WebSocketEndpoints(WebSocketMetrics.Side.SERVER, 100);
    assertThat(servers.forPath("/ws/" + "x".repeat(300)).name).isEqualTo("OTHER");
    assertThat(servers.forPath("/ws/sessions/0b9f2c55-52c4-4a11-9a66-9f1b6a0b7a3e").name).isEqualTo("/ws/sessions/{id}");
  }

  @Test
  void serverTemplatesAreTakenAsDeclaredAndBounded() {
    WebSocketEndpoints servers = new WebSocketEndpoints(WebSocketMetrics.Side.SERVER, 3);
    // Not normalised: a declared literal segment that looks like an id stays.
    assertThat(servers.forTemplate("/v2/2024/voice/{room}").name).isEqualTo("/v2/2024/voice/{room}");
    assertThat(servers.forTemplate("/v2/2024/voice/{room}")).isSameAs(servers.forTemplate("/v2/2024/voice/{room}"));
    // Templates and normalised paths share one bound.
    assertThat(servers.forPath("/ws/raw/42").name).isEqualTo("/ws/raw/{id}");
    assertThat(servers.forTemplate("/feed/*").name).isEqualTo("/feed/*");
    assertThat(servers.forTemplate("/late/{x}").name).isEqualTo("OTHER");
    assertThat(servers.forTemplate(null).name).isEqualTo("OTHER");
    assertThat(servers.forTemplate("/" + "x".repeat(300)).name).isEqualTo("OTHER");
  }

  @Test
  void realtimeEventsInTextFramesDriveTheConversationInBothDirectionsAndBothForms() {
    WebSocketConnection connection = WebSocketMetrics.serverConnectionFromPath("/ws/voice-test");
    connection.textReceived(utf8("{\"type\":\"input_audio_buffer.append\",\"audio\":\"AAAA\"}"));
    connection.textSent("{\"type\":\"input_audio_buffer.speech_started\",\"audio_start_ms\":10}");
    connection.textSent(utf8("{\"event_id\":\"e1\",\"type\":\"input_audio_buffer.speech_stopped\"}"));
    connection.textSent("{\"type\":\"input_audio_buffer.committed\"}");
    connection.textSent("{\"type\":\"response.created\"}");
    connection.textSent(utf8("{\"type\":\"response.output_audio.delta\",\"delta\":\"AAAA\"}"));
    connection.textReceived("{\"type\":\"response.cancel\"}");
    connection.textSent("{\"type\":\"response.done\",\"response\":{\"status\":\"cancelled\"}}");
    connection.ended(false);

    assertThat(sum("conversation.turns", "/ws/voice-test", role("user"))).isEqualTo(1);
    assertThat(sum("conversation.turns", "/ws/voice-test", role("assistant"))).isEqualTo(1);
    assertThat(sum("conversation.interruptions", "/ws/voice-test", p -> true)).isEqualTo(1);
    assertThat(sum("conversation.responses", "/ws/voice-test",
        p -> "cancelled".equals(p.getAttributes().get(AttributeKey.stringKey("conversation.response.status"))))).isEqualTo(1);
    assertThat(histograms("conversation.response.latency", "/ws/voice-test")).hasSize(1);
    assertThat(histograms("conversation.barge_in.latency", "/ws/voice-test").get(0).getCount()).isEqualTo(1);
  }

  @Test
  void textMessagesThatArriveInPartsAreFollowedFromTheirFirstAndLastParts() {
    WebSocketConnection connection = WebSocketMetrics.clientConnection("parts.example", 443);
    String audio = "A".repeat(40_000);
    connection.textReceived("{\"type\":\"session.created\",\"session\":{\"model\":\"gpt-realtime-mini\"}}");
    parts(connection, "{\"type\":\"input_audio_buffer.speech_started\"}", 1);
    parts(connection, "{\"type\":\"input_audio_buffer.speech_stopped\"}", 1);
    parts(connection, "{\"type\":\"input_audio_buffer.committed\"}", 1);
    parts(connection, "{\"event_id\":\"e9\",\"type\":\"response.created\",\"response\":{}}", 2);
    parts(connection, "{\"event_id\":\"e10\",\"type\":\"response.output_audio.delta\",\"delta\":\"" + audio + "\"}", 3);
    // A client-style frame naming its type last: found in the last part.
    connection.textPartSent("{\"audio\":\"" + audio, true, false);
    connection.textPartSent("\",\"type\":\"input_audio_buffer.append\"}", false, true);
    parts(connection, "{\"type\":\"response.done\",\"response\":{\"status\":\"completed\",\"usage\":{\"total_tokens\":30,"
        + "\"input_tokens\":20,\"output_tokens\":10,\"output_token_details\":{\"text_tokens\":2,\"audio_tokens\":8}}}}", 4);
    connection.ended(false);

    assertThat(sum("conversation.turns", "parts.example", role("user"))).isEqualTo(1);
    assertThat(sum("conversation.turns", "parts.example", role("assistant"))).isEqualTo(1);
    assertThat(sum("conversation.responses", "parts.example",
        p -> "completed".equals(p.getAttributes().get(AttributeKey.stringKey("conversation.response.status"))))).isEqualTo(1);
    assertThat(histograms("conversation.response.latency", "parts.example").get(0).getCount()).isEqualTo(1);
    long outputTokens = TestTelemetry.collect().stream().filter(m -> m.getName().equals("gen_ai.client.token.usage"))
        .flatMap(m -> m.getHistogramData().getPoints().stream())
        .filter(p -> "parts.example".equals(p.getAttributes().get(AttributeKey.stringKey("server.address")))
            && "output".equals(p.getAttributes().get(AttributeKey.stringKey("gen_ai.token.type"))))
        .mapToLong(p -> (long) p.getSum()).sum();
    assertThat(outputTokens).isEqualTo(10);
  }

  /** Hands {@code message} over in {@code count} parts, the way the JDK client reads a large frame. */
  private static void parts(WebSocketConnection connection, String message, int count) {
    int size = (message.length() + count - 1) / count;
    for (int i = 0; i < count; i++) {
      int from = Math.min(message.length(), i * size);
      int to = i == count - 1 ? message.length() : Math.min(message.length(), from + size);
      connection.textPartReceived(utf8(message.substring(from, to)), i == 0, i == count - 1);
    }
  }

  @Test
  void framesThatAreNotRealtimeEventsAreOnlyMessages() {
    WebSocketConnection connection = WebSocketMetrics.serverConnectionFromPath("/ws/not-realtime");
    connection.textReceived("hello");
    connection.textReceived("{\"type\":\"chat.message\",\"text\":\"hi\"}");
    connection.textReceived(utf8("{\"no\":\"type\"}"));
    connection.textReceived(utf8("\u00e9t\u00e9 {\"type\":"));
    connection.textReceived("");
    connection.ended(false);
    for (MetricData metric : TestTelemetry.collect()) {
      if (metric.getName().startsWith("conversation.")) {
        assertThat(metric.getData().getPoints()).noneMatch(p -> "/ws/not-realtime".equals(p.getAttributes().get(ENDPOINT)));
      }
    }
  }

  @Test
  void theTextViewReadsBytesFromPositionToLimitWithoutMovingThem() {
    ByteBuffer buffer = ByteBuffer.wrap("xx{\"type\":\"session.update\"}yy".getBytes(StandardCharsets.UTF_8));
    buffer.position(2).limit(buffer.capacity() - 2);
    ByteBufferText text = new ByteBufferText().of(buffer);
    assertThat(text.toString()).isEqualTo("{\"type\":\"session.update\"}");
    assertThat(buffer.position()).isEqualTo(2);
    ByteBuffer direct = ByteBuffer.allocateDirect(4).put("abcd".getBytes(StandardCharsets.US_ASCII));
    direct.flip();
    assertThat(new ByteBufferText().of(direct).toString()).isEqualTo("abcd");
  }

  @Test
  void theRegistryFindsByIdentityAndEndsConnectionsWhoseSessionWasCollected() throws InterruptedException {
    ConnectionRegistry<WebSocketConnection> registry = ConnectionRegistry.ofConnections();
    Object session = new Object();
    WebSocketConnection connection = WebSocketMetrics.serverConnectionFromPath("/ws/registry");
    assertThat(registry.putIfAbsent(session, connection)).isSameAs(connection);
    assertThat(registry.putIfAbsent(session, WebSocketMetrics.serverConnectionFromPath("/ws/registry-other"))).isSameAs(connection);
    assertThat(registry.get(session)).isSameAs(connection);
    assertThat(registry.get(new Object())).isNull();
    for (int i = 0; i < 200; i++) {
      registry.putIfAbsent(new Object[] {i}, WebSocketMetrics.serverConnectionFromPath("/ws/registry-many"));
    }
    assertThat(registry.remove(session)).isSameAs(connection);
    assertThat(registry.get(session)).isNull();
    connection.ended(false);

    WebSocketConnection orphan = WebSocketMetrics.serverConnectionFromPath("/ws/registry-orphan");
    registry.putIfAbsent(new Object(), orphan);
    for (int i = 0; i < 50 && !orphan.isEnded(); i++) {
      System.gc();
      Thread.sleep(20);
      registry.expungeCollected();
    }
    assertThat(orphan.isEnded()).isTrue();
    assertThat(sum("websocket.closes", "/ws/registry-orphan", close(1006, "remote"))).isEqualTo(1);
    assertThat(sum("websocket.connections.active", "/ws/registry-many", p -> true)).isZero();
  }

  private static ByteBuffer utf8(String s) {
    return ByteBuffer.wrap(s.getBytes(StandardCharsets.UTF_8));
  }

  private static Predicate<LongPointData> type(String type) {
    return p -> type.equals(p.getAttributes().get(AttributeKey.stringKey("websocket.message.type")));
  }

  private static Predicate<LongPointData> role(String role) {
    return p -> role.equals(p.getAttributes().get(AttributeKey.stringKey("conversation.role")));
  }

  private static Predicate<LongPointData> close(long code, String initiator) {
    return p -> Long.valueOf(code).equals(p.getAttributes().get(AttributeKey.longKey("websocket.close.code")))
        && initiator.equals(p.getAttributes().get(AttributeKey.stringKey("websocket.close.initiator")));
  }

  private static long sum(String name, String endpoint, Predicate<LongPointData> filter) {
    return TestTelemetry.collect().stream().filter(m -> m.getName().equals(name))
        .flatMap(m -> m.getLongSumData().getPoints().stream())
        .filter(p -> endpoint.equals(p.getAttributes().get(ENDPOINT)))
        .filter(filter)
        .mapToLong(LongPointData::getValue).sum();
  }

  private static List<HistogramPointData> histograms(String name, String endpoint) {
    Collection<MetricData> metrics = TestTelemetry.collect();
    return metrics.stream().filter(m -> m.getName().equals(name))
        .flatMap(m -> m.getHistogramData().getPoints().stream())
        .filter(p -> endpoint.equals(p.getAttributes().get(ENDPOINT)))
        .collect(Collectors.toList());
  }
}
