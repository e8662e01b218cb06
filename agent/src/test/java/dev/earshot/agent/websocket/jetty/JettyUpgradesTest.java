package dev.earshot.agent.websocket.jetty;

import static org.assertj.core.api.Assertions.assertThat;

import org.eclipse.jetty.http.pathmap.RegexPathSpec;
import org.eclipse.jetty.http.pathmap.ServletPathSpec;
import org.eclipse.jetty.http.pathmap.UriTemplatePathSpec;
import org.eclipse.jetty.websocket.core.server.WebSocketMappings;
import org.junit.jupiter.api.Test;

/** Which of Jetty's path specs name a route, and how (the syntaxes {@code WebSocketMappings.parsePathSpec} accepts). */
class JettyUpgradesTest {

  @Test
  void uriTemplatesAreTheirDeclaration() {
    assertThat(JettyUpgrades.declared(WebSocketMappings.parsePathSpec("uri-template|/voice/{room}"))).isEqualTo("/voice/{room}");
    assertThat(JettyUpgrades.declared(new UriTemplatePathSpec("/calls/{callId}/audio"))).isEqualTo("/calls/{callId}/audio");
    assertThat(JettyUpgrades.declared(new UriTemplatePathSpec("/realtime"))).isEqualTo("/realtime");
  }

  @Test
  void servletSpecsNameARouteUnlessTheyCatchEverything() {
    assertThat(JettyUpgrades.declared(WebSocketMappings.parsePathSpec("/feed/*"))).isEqualTo("/feed/*");
    assertThat(JettyUpgrades.declared(WebSocketMappings.parsePathSpec("servlet|/chat"))).isEqualTo("/chat");
    assertThat(JettyUpgrades.declared(WebSocketMappings.parsePathSpec("*.ws"))).isEqualTo("/*.ws");
    assertThat(JettyUpgrades.declared(new ServletPathSpec("/*"))).isNull();
    assertThat(JettyUpgrades.declared(new ServletPathSpec("/"))).isNull();
    assertThat(JettyUpgrades.declared(new ServletPathSpec(""))).isNull();
  }

  @Test
  void regularExpressionsAreNoPaths() {
    assertThat(JettyUpgrades.declared(new RegexPathSpec("^/legacy/[a-z0-9-]+$"))).isNull();
  }
}
