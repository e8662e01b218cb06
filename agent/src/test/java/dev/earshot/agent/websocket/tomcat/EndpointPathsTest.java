package dev.earshot.agent.websocket.tomcat;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.websocket.server.ServerEndpointConfig;
import java.net.URI;
import org.junit.jupiter.api.Test;

class EndpointPathsTest {

  private static ServerEndpointConfig config(String path) {
    return ServerEndpointConfig.Builder.create(Object.class, path).build();
  }

  @Test
  void templateAtTheRootContext() {
    assertThat(EndpointPaths.template(URI.create("ws://h/ws/sessions/42"), config("/ws/sessions/{id}"))).isEqualTo("/ws/sessions/{id}");
    // Segments that look like ids stay as declared.
    assertThat(EndpointPaths.template(URI.create("ws://h/v2/2024/rooms/7"), config("/v2/2024/rooms/{room}"))).isEqualTo("/v2/2024/rooms/{room}");
  }

  @Test
  void templateUnderItsContextPath() {
    assertThat(EndpointPaths.template(URI.create("ws://h/app/ws/sessions/42?x=1"), config("/ws/sessions/{id}")))
        .isEqualTo("/app/ws/sessions/{id}");
    assertThat(EndpointPaths.template(URI.create("ws://h/shop/api/"), config("/"))).isEqualTo("/shop/api/");
    // An encoded slash in a parameter is one segment, as Tomcat matched it.
    assertThat(EndpointPaths.template(URI.create("ws://h/app/files/a%2Fb"), config("/files/{name}"))).isEqualTo("/app/files/{name}");
  }

  /** Spring's upgrade strategy builds a config per request whose path is the request's own: a raw path, not a template. */
  @Test
  void aConfigHoldingTheRequestsOwnPathIsNoTemplate() {
    assertThat(EndpointPaths.template(URI.create("ws://h/app/ws/rooms/42"), config("/app/ws/rooms/42"))).isNull();
    assertThat(EndpointPaths.template(URI.create("ws://h/"), config("/"))).isNull();
  }

  @Test
  void withoutATemplateOrARequest() {
    assertThat(EndpointPaths.template(URI.create("ws://h/raw/7"), null)).isNull();
    assertThat(EndpointPaths.template(null, config("/ws/{id}"))).isEqualTo("/ws/{id}");
    assertThat(EndpointPaths.contextPath("/a", "/x/y/z")).isNull();
  }
}
