package dev.earshot.agent.websocket.tomcat;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.websocket.server.ServerEndpointConfig;
import java.net.URI;
import org.junit.jupiter.api.Test;

class EndpointPathsTest {

  private static ServerEndpointConfig template(String path) {
    return ServerEndpointConfig.Builder.create(Object.class, path).build();
  }

  @Test
  void templateAtTheRootContext() {
    assertThat(EndpointPaths.of(URI.create("ws://h/ws/sessions/42"), template("/ws/sessions/{id}"))).isEqualTo("/ws/sessions/{id}");
    assertThat(EndpointPaths.of(URI.create("ws://h/"), template("/"))).isEqualTo("/");
  }

  @Test
  void templateUnderItsContextPath() {
    assertThat(EndpointPaths.of(URI.create("ws://h/app/ws/sessions/42?x=1"), template("/ws/sessions/{id}")))
        .isEqualTo("/app/ws/sessions/{id}");
    assertThat(EndpointPaths.of(URI.create("ws://h/shop/api/"), template("/"))).isEqualTo("/shop/api/");
    // An encoded slash in a parameter is one segment, as Tomcat matched it.
    assertThat(EndpointPaths.of(URI.create("ws://h/app/files/a%2Fb"), template("/files/{name}"))).isEqualTo("/app/files/{name}");
  }

  @Test
  void withoutATemplateOrARequest() {
    assertThat(EndpointPaths.of(URI.create("ws://h/raw/7"), null)).isEqualTo("/raw/7");
    assertThat(EndpointPaths.of(null, template("/ws/{id}"))).isEqualTo("/ws/{id}");
    assertThat(EndpointPaths.contextPath("/a", "/x/y/z")).isNull();
  }
}
