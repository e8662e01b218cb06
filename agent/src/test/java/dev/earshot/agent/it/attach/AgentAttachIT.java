package dev.earshot.agent.it.attach;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.tools.attach.VirtualMachine;
import dev.earshot.agent.it.support.AgentProcess;
import dev.earshot.agent.it.support.Http;
import dev.earshot.agent.it.support.PrometheusText;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * agentmain: the agent attached to a JVM that is already serving instruments the classes it had
 * loaded before (retransformation), and measures requests from then on.
 */
class AgentAttachIT {

  @Test
  void attachingToARunningServerInstrumentsAlreadyLoadedClasses() throws Exception {
    try (AgentProcess app = AgentProcess.builder("dev.earshot.testapps.JdkServerApp").withoutAgent().name("attach").start()) {
      String base = "http://127.0.0.1:" + app.awaitOutput("READY port=(\\d+)", Duration.ofSeconds(30)).group(1);
      // Served before the agent exists: com.sun.net.httpserver.Filter$Chain is now loaded.
      assertThat(Http.get(base + "/before/1").statusCode()).isEqualTo(200);

      VirtualMachine vm = VirtualMachine.attach(Long.toString(app.process().pid()));
      try {
        vm.loadAgent(AgentProcess.agentJar().toString());
      } finally {
        vm.detach();
      }
      app.scrape(); // up once the background installation and the SDK are done

      for (int i = 0; i < 4; i++) {
        assertThat(Http.get(base + "/after/" + i).statusCode()).isEqualTo(200);
      }
      PrometheusText metrics = app.scrapeUntil(
          m -> m.sum("http_server_request_duration_seconds_count", "http_route", "/after/{id}") == 4, Duration.ofSeconds(10));
      assertThat(metrics.value("http_server_request_duration_seconds_count", "http_route", "/after/{id}", "http_response_status_code", "200"))
          .isEqualTo(4);
      assertThat(metrics.labelValues("http_server_request_duration_seconds_count", "http_route")).doesNotContain("/before/{id}");
    }
  }
}
