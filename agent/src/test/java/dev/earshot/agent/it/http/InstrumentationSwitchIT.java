package dev.earshot.agent.it.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.earshot.agent.it.support.AgentProcess;
import dev.earshot.agent.it.support.PrometheusText;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * {@code earshot.instrumentation.jakarta-servlet.enabled=false}, as a system property or as the
 * environment variable, switches the servlet instrumentation off: the Jetty application serves as
 * usual, no HTTP server metric appears, the JVM metrics still do.
 */
class InstrumentationSwitchIT {

  @Test
  void systemPropertySwitchesServletInstrumentationOff() {
    assertServletInstrumentationOff(b -> b.jvm("-Dearshot.instrumentation.jakarta-servlet.enabled=false"));
  }

  @Test
  void environmentVariableSwitchesServletInstrumentationOff() {
    assertServletInstrumentationOff(b -> b.env("EARSHOT_INSTRUMENTATION_JAKARTA_SERVLET_ENABLED", "false"));
  }

  private static void assertServletInstrumentationOff(UnaryOperator<AgentProcess.Builder> switchOff) {
    try (AgentProcess app = switchOff.apply(
        AgentProcess.builder("dev.earshot.testapps.http.JettyServletApp").name("InstrumentationSwitchIT")).start()) {
      Client client = new Client("http://127.0.0.1:" + app.awaitOutput("READY port=(\\d+)", Duration.ofSeconds(60)).group(1));
      app.scrape();
      for (int i = 0; i < 3; i++) {
        HttpResponse<String> response = client.get("/api/items");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("items");
      }
      assertThat(client.get("/boom").statusCode()).isEqualTo(500);
      assertThat(client.get("/limited").statusCode()).isEqualTo(429);

      // JVM metrics are observed at collection: once they show, a recorded request would show too.
      PrometheusText metrics = app.scrapeUntil(m -> m.names().stream().anyMatch(n -> n.startsWith("jvm_memory_used")), Duration.ofSeconds(15));
      assertThat(metrics.names()).anyMatch(n -> n.startsWith("jvm_memory_used"));
      assertThat(metrics.names()).anyMatch(n -> n.startsWith("jvm_thread_count"));
      assertThat(metrics.names()).noneMatch(n -> n.startsWith("http_server_"));
      assertThat(metrics.names()).doesNotContain(HttpMetrics.APPLICATION_ERRORS);
      // The agent's error counter lists only the modules that run, all at zero.
      assertThat(metrics.labelValues(HttpMetrics.AGENT_ERRORS, "earshot_instrumentation")).doesNotContain("jakarta-servlet");
      assertThat(metrics.sum(HttpMetrics.AGENT_ERRORS)).isZero();
      assertThat(app.output()).contains("[earshot] INFO instrumentation jakarta-servlet is switched off");
    }
  }
}
