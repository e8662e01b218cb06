package dev.earshot.agent.http;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RouteTemplatesTest {

  @Test
  void templatesAreNamedUnderTheirContextPath() {
    assertThat(RouteTemplates.underContext("/app", "/voice/{room}")).isEqualTo("/app/voice/{room}");
    String template = "/voice/{room}";
    // The root context, as servlet containers ("") and Jetty core contexts ("/") name it: the template itself.
    assertThat(RouteTemplates.underContext("", template)).isSameAs(template);
    assertThat(RouteTemplates.underContext("/", template)).isSameAs(template);
    assertThat(RouteTemplates.underContext(null, template)).isSameAs(template);
  }
}
