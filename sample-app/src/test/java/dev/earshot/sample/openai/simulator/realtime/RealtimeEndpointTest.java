package dev.earshot.sample.openai.simulator.realtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.earshot.sample.openai.simulator.OpenAiSimulator;
import dev.earshot.sample.openai.simulator.SimulatorConfig;
import dev.earshot.sample.openai.simulator.SimulatorOptions;
import dev.earshot.sample.openai.simulator.realtime.RealtimeTestClient.RawJson;
import dev.earshot.sample.openai.simulator.realtime.RealtimeTestClient.Received;
import dev.earshot.sample.voice.SyntheticSpeech;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocketHandshakeException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The Realtime endpoint's handshake, timing, faults and resources. */
@Timeout(30)
class RealtimeEndpointTest {

  private OpenAiSimulator simulator;
  private HttpClient http;

  @BeforeEach
  void start() {
    SimulatorConfig config = SimulatorConfig.defaults(3)
        .with("realtimeTtftMs", "50", "test")
        .with("realtimeTranscriptionDelayMs", "20", "test")
        .with("realtimeAnswerTokens", "3", "test");
    simulator = OpenAiSimulator.start(SimulatorOptions.loopback(config));
    http = HttpClient.newHttpClient();
  }

  @AfterEach
  void stop() {
    simulator.close();
  }

  @Test
  void theUrlIsTheBaseUrlWithWs() {
    assertThat(simulator.realtimeUrl()).isEqualTo("ws://127.0.0.1:" + simulator.port() + "/v1/realtime");
  }

  @Test
  void upgradeWithoutAKeyOrWithAnUnknownEphemeralKeyIs401() throws Exception {
    assertThatThrownBy(() -> RealtimeTestClient.connect(http.newWebSocketBuilder(), simulator.realtimeUrl()))
        .isInstanceOf(CompletionException.class)
        .cause().isInstanceOfSatisfying(WebSocketHandshakeException.class,
            e -> assertThat(e.getResponse().statusCode()).isEqualTo(401));
    assertThatThrownBy(() -> RealtimeTestClient.connect(
        http.newWebSocketBuilder().header("Authorization", "Bearer ek_000000"), simulator.realtimeUrl()))
        .cause().isInstanceOfSatisfying(WebSocketHandshakeException.class,
            e -> assertThat(e.getResponse().statusCode()).isEqualTo(401));
    @SuppressWarnings("unchecked")
    Map<String, Object> stats = (Map<String, Object>) simulator.stats().get("realtime");
    assertThat(stats).containsEntry("rejectedUpgrades", 2L).containsEntry("connections", 0L);
  }

  @Test
  void browserSubprotocolKeyAndMintedEphemeralKeyAreAccepted() throws Exception {
    try (RealtimeTestClient client = RealtimeTestClient.connect(
        http.newWebSocketBuilder().subprotocols("realtime", "openai-insecure-api-key.sk-browser"), simulator.realtimeUrl())) {
      assertThat(client.await("session.created").type()).isEqualTo("session.created");
    }
    HttpResponse<String> minted = http.send(HttpRequest.newBuilder(URI.create(simulator.baseUrl() + "/realtime/client_secrets"))
        .header("Authorization", "Bearer sk-server").POST(HttpRequest.BodyPublishers.ofString("{}")).build(),
        HttpResponse.BodyHandlers.ofString());
    String ephemeral = RealtimeTestClient.JSON.readTree(minted.body()).path("value").asText();
    assertThat(ephemeral).startsWith("ek_");
    try (RealtimeTestClient client = RealtimeTestClient.connect(
        http.newWebSocketBuilder().header("Authorization", "Bearer " + ephemeral), simulator.realtimeUrl())) {
      assertThat(client.await("session.created").type()).isEqualTo("session.created");
    }
  }

  /** The first audio delta follows the end of the turn (speech_stopped, or response.create) after realtimeTtftMs. */
  @Test
  void timeToFirstAudioIsTheConfiguredTtft() throws Exception {
    simulator.updateConfig(c -> c.with("realtimeTtftMs", "400", "test").with("realtimeAnswerTokens", "6", "test"));
    try (RealtimeTestClient client = RealtimeTestClient.connect(http, simulator.realtimeUrl())) {
      client.await("session.created");
      // A live microphone: 20 ms appends in real time.
      client.sendAudio(RealtimeConversationTest.turn(600, 9, 300), true);
      Received stopped = client.await("input_audio_buffer.speech_stopped");
      Received first = client.await("response.output_audio.delta");
      long vadTtftMs = TimeUnit.NANOSECONDS.toMillis(first.nanos() - stopped.nanos());
      assertThat(vadTtftMs).isBetween(380L, 520L);
      client.await("response.done");
      List<Received> deltas = client.all("response.output_audio.delta");
      long spanMs = TimeUnit.NANOSECONDS.toMillis(deltas.get(deltas.size() - 1).nanos() - deltas.get(0).nanos());
      // Paced at playback speed: one 100 ms chunk every 100 ms.
      assertThat(spanMs).isBetween(100L * (deltas.size() - 1) - 60, 100L * (deltas.size() - 1) + 150);

      client.send("type", "session.update", "session", new RawJson("{\"turn_detection\":null}"));
      client.await("session.updated");
      long sent = System.nanoTime();
      client.send("type", "response.create");
      Received manualFirst = client.await("response.output_audio.delta");
      assertThat(TimeUnit.NANOSECONDS.toMillis(manualFirst.nanos() - sent)).isBetween(380L, 520L);
    }
  }

  @Test
  void forcedFaultsDropCloseOrFailTheNextResponse() throws Exception {
    simulator.realtimeFailNext(1, RealtimeFault.drop());
    try (RealtimeTestClient client = RealtimeTestClient.connect(http, simulator.realtimeUrl())) {
      client.await("session.created");
      client.send("type", "response.create");
      // 1006 is never sent on the wire: the JDK client reports it when the TCP connection ends
      // without a close frame.
      assertThat(client.closeCode.get(5, TimeUnit.SECONDS)).isEqualTo(1006);
    }
    // Through the control API, as a harness in another process would.
    HttpResponse<String> forced = http.send(HttpRequest.newBuilder(URI.create(simulator.adminUrl() + "/realtime/fail-next"))
        .POST(HttpRequest.BodyPublishers.ofString("{\"count\":1,\"action\":\"close\",\"closeCode\":1011}")).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(forced.statusCode()).isEqualTo(200);
    try (RealtimeTestClient client = RealtimeTestClient.connect(http, simulator.realtimeUrl())) {
      client.await("session.created");
      client.send("type", "response.create");
      assertThat(client.closeCode.get(5, TimeUnit.SECONDS)).isEqualTo(1011);
    }
    simulator.realtimeFailNext(1, RealtimeFault.error());
    try (RealtimeTestClient client = RealtimeTestClient.connect(http, simulator.realtimeUrl())) {
      client.await("session.created");
      client.send("type", "response.create");
      JsonNode error = client.await("error").json();
      assertThat(error.at("/error/type").asText()).isEqualTo("server_error");
      assertThat(client.await("response.done").json().at("/response/status").asText()).isEqualTo("failed");
      client.send("type", "response.create");
      assertThat(client.await("response.done").json().at("/response/status").asText()).isEqualTo("completed");
    }
    @SuppressWarnings("unchecked")
    Map<String, Object> stats = (Map<String, Object>) simulator.stats().get("realtime");
    assertThat(stats).containsEntry("droppedByFault", 1L).containsEntry("closedByFault", 1L)
        .containsEntry("responsesFailed", 1L).containsEntry("connections", 3L);
  }

  @Test
  void closingConnectionsAndTheSimulatorLeavesNoThreads() throws Exception {
    List<RealtimeTestClient> clients = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      RealtimeTestClient client = RealtimeTestClient.connect(http, simulator.realtimeUrl());
      client.await("session.created");
      client.sendAudio(SyntheticSpeech.utterance(24_000, 200, i), false);
      client.send("type", "response.create");
      clients.add(client);
    }
    clients.get(0).close();
    assertThat(clients.get(0).closeCode).isCompletedWithValue(1000);
    awaitTrue(() -> simulator.realtime().stats().openConnections() == 3);
    simulator.close();
    // The three connections still open end with the server, responses in flight included. Asserted
    // on the server's side: the JDK's WebSocket client now and then misses a FIN that arrives right
    // behind a frame (seen about once in 15 runs on JDK 17 and 25: its socket stays in CLOSE-WAIT
    // with every byte read, and neither onClose nor onError is called).
    assertThat(simulator.realtime().stats().openConnections()).isZero();
    awaitTrue(() -> Thread.getAllStackTraces().keySet().stream()
        .noneMatch(t -> t.isAlive() && t.getName().startsWith("openai-simulator")));
  }

  private static void awaitTrue(java.util.function.BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while (!condition.getAsBoolean()) {
      assertThat(System.nanoTime()).as("condition within 5 s").isLessThan(deadline);
      Thread.sleep(20);
    }
  }
}
