package dev.earshot.agent.websocket;

import static org.assertj.core.api.Assertions.assertThat;

import dev.earshot.agent.core.CardinalityLimit;
import org.junit.jupiter.api.Test;

class WebSocketEndpointsTest {

  @Test
  void endpointsPastTheBoundAreOtherAndEachRefusedOneIsCountedOnce() {
    WebSocketEndpoints server = new WebSocketEndpoints(WebSocketMetrics.Side.SERVER, 2);
    long before = CardinalityLimit.WEBSOCKET_ENDPOINT.overflows();
    assertThat(server.forPath("/ws/a").name).isEqualTo("/ws/a");
    assertThat(server.forPath("/ws/rooms/1").name).isEqualTo("/ws/rooms/{id}");
    for (int i = 0; i < 5; i++) {
      // one refused template, /ws/calls/{id}, however many raw paths lead to it
      assertThat(server.forPath("/ws/calls/" + i).name).isEqualTo(WebSocketEndpoints.OTHER);
      assertThat(server.forPath("/ws/rooms/" + i).name).isEqualTo("/ws/rooms/{id}");
    }
    assertThat(server.forPath("/ws/b").name).isEqualTo(WebSocketEndpoints.OTHER);
    assertThat(CardinalityLimit.WEBSOCKET_ENDPOINT.overflows()).isEqualTo(before + 2);

    WebSocketEndpoints client = new WebSocketEndpoints(WebSocketMetrics.Side.CLIENT, 1);
    assertThat(client.forHost("api.openai.com").name).isEqualTo("api.openai.com");
    assertThat(client.forHost("other.example").name).isEqualTo(WebSocketEndpoints.OTHER);
    assertThat(client.forHost("OTHER.example").name).isEqualTo(WebSocketEndpoints.OTHER); // the same host, lower case
    assertThat(CardinalityLimit.WEBSOCKET_ENDPOINT.overflows()).isEqualTo(before + 3);
  }
}
