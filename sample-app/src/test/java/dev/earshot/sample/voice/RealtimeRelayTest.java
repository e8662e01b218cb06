package dev.earshot.sample.voice;

import static org.assertj.core.api.Assertions.assertThat;

import dev.earshot.sample.SampleAssistantConfig;
import dev.earshot.sample.SampleAssistantServer;
import dev.earshot.sample.openai.OpenAiSettings;
import io.javalin.Javalin;
import io.javalin.websocket.WsContext;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Relay mode against a small fake of OpenAI's Realtime WebSocket (a Javalin endpoint at {@code
 * /v1/realtime} in this test): frames pass unchanged both ways and closes propagate.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class RealtimeRelayTest {

  private static final String SESSION_CREATED =
      "{\"type\":\"session.created\",\"event_id\":\"event_1\",\"session\":{\"id\":\"sess_fake\"}}";

  private Javalin fake;
  private final BlockingQueue<String> upstreamReceived = new LinkedBlockingQueue<>();
  private final BlockingQueue<String> upstreamCloses = new LinkedBlockingQueue<>();
  private final BlockingQueue<WsContext> upstreamSessions = new LinkedBlockingQueue<>();
  private volatile String authorization;
  private volatile String model;
  private SampleAssistantServer server;

  @BeforeEach
  void start() {
    fake = Javalin.create(config -> {
      config.startup.showJavalinBanner = false;
      config.routes.ws("/v1/realtime", ws -> {
        ws.onConnect(ctx -> {
          authorization = ctx.header("Authorization");
          model = ctx.queryParam("model");
          upstreamSessions.add(ctx);
          ctx.send(SESSION_CREATED);
        });
        ws.onMessage(ctx -> upstreamReceived.add(ctx.message()));
        ws.onBinaryMessage(ctx -> {
          byte[] bytes = new byte[ctx.data().remaining()];
          ctx.data().get(bytes);
          upstreamReceived.add("binary:" + java.util.Arrays.toString(bytes));
        });
        ws.onClose(ctx -> upstreamCloses.add(ctx.status() + " " + ctx.reason()));
      });
    }).start("127.0.0.1", 0);
    server = relayTo("http://127.0.0.1:" + fake.port() + "/v1");
  }

  private static SampleAssistantServer relayTo(String baseUrl) {
    return SampleAssistantServer.start(SampleAssistantConfig.defaults().withHost("127.0.0.1").withPort(0)
        .withOpenAi(OpenAiSettings.defaults().withApiKey("sk-relay-test", baseUrl))
        .withRealtime(RealtimeSettings.defaults().withMode(RealtimeSettings.Mode.RELAY)));
  }

  @AfterEach
  void stop() {
    server.stop();
    fake.stop();
  }

  @Test
  void framesPassUnchangedBothWaysAndTheClientsCloseReachesUpstream() throws Exception {
    try (RealtimeTestClient client = RealtimeTestClient.connect(server.port())) {
      client.await(0, r -> r.text() != null, 5_000);
      assertThat(client.received().get(0).text()).isEqualTo(SESSION_CREATED);
      assertThat(authorization).isEqualTo("Bearer sk-relay-test");
      assertThat(model).isEqualTo("gpt-realtime");

      // Odd spacing, key order and non-ASCII must survive: the relay does not re-encode JSON.
      List<String> sent = List.of(
          "{ \"type\":\"input_audio_buffer.append\",   \"audio\":\"AAAA\" }",
          "{\"event_id\":\"e2\",\"type\":\"session.update\",\"session\":{\"instructions\":\"Grüß dich 👋\"}}",
          // (under 64 KiB: the fake upstream has Jetty's default frame limit)
          "{\"type\":\"response.create\",\"pad\":\"" + "x".repeat(60_000) + "\"}");
      for (String text : sent) {
        client.send(text);
      }
      client.socket.sendBinary(ByteBuffer.wrap(new byte[] {0, 1, 2, (byte) 255}), true).join();
      for (String text : sent) {
        assertThat(upstreamReceived.poll(5, TimeUnit.SECONDS)).isEqualTo(text);
      }
      assertThat(upstreamReceived.poll(5, TimeUnit.SECONDS)).isEqualTo("binary:[0, 1, 2, -1]");

      WsContext upstream = upstreamSessions.poll(5, TimeUnit.SECONDS);
      String big = "{\"type\":\"response.output_audio.delta\",\"delta\":\"" + "A".repeat(200_000) + "\"}";
      upstream.send("{\"type\":\"response.created\" , \"x\":\"ä\"}");
      upstream.send(big);
      upstream.send(ByteBuffer.wrap(new byte[] {9, 8, 7}));
      client.await(0, r -> r.binary() != null, 5_000);
      List<RealtimeTestClient.Received> received = client.received();
      assertThat(received.get(1).text()).isEqualTo("{\"type\":\"response.created\" , \"x\":\"ä\"}");
      assertThat(received.get(2).text()).isEqualTo(big);
      assertThat(received.get(3).binary()).isEqualTo(ByteBuffer.wrap(new byte[] {9, 8, 7}));

      client.socket.sendClose(1000, "caller hung up").join();
      assertThat(upstreamCloses.poll(5, TimeUnit.SECONDS)).isEqualTo("1000 caller hung up");
    }
  }

  @Test
  void anUpstreamCloseClosesTheClientWithTheSameCode() throws Exception {
    try (RealtimeTestClient client = RealtimeTestClient.connect(server.port())) {
      client.await(0, r -> r.text() != null, 5_000);
      upstreamSessions.poll(5, TimeUnit.SECONDS).closeSession(4001, "session expired");
      assertThat(client.closeCode(5_000)).isEqualTo(4001);
      assertThat(client.closeReason).isEqualTo("session expired");
    }
  }

  @Test
  void anUnreachableUpstreamIsAnErrorEventAnd1011() throws Exception {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0)) {
      closedPort = socket.getLocalPort();
    }
    try (SampleAssistantServer unreachable = relayTo("http://127.0.0.1:" + closedPort + "/v1");
        RealtimeTestClient client = RealtimeTestClient.connect(unreachable.port())) {
      assertThat(client.closeCode(15_000)).isEqualTo(1011);
      assertThat(client.events("error")).extracting(e -> e.at("/error/code").asText()).containsExactly("upstream_unavailable");
    }
  }

  @Test
  void theUpstreamUrlComesFromTheOpenAiBaseUrl() {
    assertThat(RealtimeRelay.upstreamUri("https://api.openai.com/v1", "gpt-realtime"))
        .isEqualTo(URI.create("wss://api.openai.com/v1/realtime?model=gpt-realtime"));
    assertThat(RealtimeRelay.upstreamUri("http://127.0.0.1:8090/v1/", "gpt-realtime-mini"))
        .isEqualTo(URI.create("ws://127.0.0.1:8090/v1/realtime?model=gpt-realtime-mini"));
  }
}
