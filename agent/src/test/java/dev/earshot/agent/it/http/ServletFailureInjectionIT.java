package dev.earshot.agent.it.http;

import static dev.earshot.agent.it.http.HttpMetrics.AGENT_ERRORS;
import static dev.earshot.agent.it.http.HttpMetrics.DURATION_COUNT;
import static dev.earshot.agent.it.http.HttpMetrics.active;
import static org.assertj.core.api.Assertions.assertThat;

import dev.earshot.agent.it.support.AgentProcess;
import dev.earshot.agent.it.support.PrometheusText;
import dev.earshot.testapps.http.TestServlets;
import java.net.http.HttpResponse;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A failure inside the recording path leaves the application's response unchanged: the servlet
 * behind {@code /poison} sets Spring's pattern attribute to an object whose {@code toString()}
 * throws, so reading the route throws inside the agent's exit advice.
 */
class ServletFailureInjectionIT {

  @ParameterizedTest(name = "{0}")
  @CsvSource({
      "Jetty,  dev.earshot.testapps.http.JettyServletApp,  org.eclipse.jetty.ee10.servlet.ServletHandler$ChainEnd.doFilter",
      "Tomcat, dev.earshot.testapps.http.TomcatServletApp, org.apache.catalina.core.ApplicationFilterChain.doFilter",
  })
  void failureWhileRecordingIsCountedLoggedOnceAndInvisibleToTheClient(String container, String mainClass, String site) {
    AgentProcess.Builder builder = AgentProcess.builder(mainClass).name("ServletFailureInjectionIT-" + container);
    if (container.equals("Tomcat")) {
      builder.args(Paths.get("target", "tomcat-it-" + System.nanoTime()).toAbsolutePath().toString());
    }
    try (AgentProcess app = builder.start()) {
      Client client = new Client("http://127.0.0.1:" + app.awaitOutput("READY port=(\\d+)", Duration.ofSeconds(60)).group(1));
      app.scrape();

      assertPoisonedResponseIntact(client.get("/poison"));

      PrometheusText metrics = app.scrapeUntil(m -> m.sum(AGENT_ERRORS) >= 1 && m.sum(DURATION_COUNT) >= 1, Duration.ofSeconds(15));
      assertThat(metrics.value(AGENT_ERRORS, "earshot_instrumentation", "jakarta-servlet")).isEqualTo(1);
      assertThat(metrics.sum(AGENT_ERRORS)).isEqualTo(1);
      assertThat(active(metrics)).as("the failed request left the active count").isZero();
      List<String> warnings = suppressedWarnings(app);
      assertThat(warnings).hasSize(1);
      assertThat(warnings.get(0))
          .startsWith("[earshot] WARN suppressed java.lang.IllegalStateException at " + TestServlets.Poison.class.getName() + ".toString")
          .contains(" in jakarta-servlet at " + site)
          .doesNotContain("poisoned toString"); // class and frame only, never the message

      assertPoisonedResponseIntact(client.get("/poison"));
      assertPoisonedResponseIntact(client.get("/poison"));

      metrics = app.scrapeUntil(m -> m.sum(AGENT_ERRORS) >= 3 && m.sum(DURATION_COUNT) >= 3, Duration.ofSeconds(15));
      assertThat(metrics.value(AGENT_ERRORS, "earshot_instrumentation", "jakarta-servlet")).isEqualTo(3);
      // The requests are still measured; their route could not be read, so they count as OTHER.
      assertThat(metrics.value(DURATION_COUNT, "http_route", "OTHER", "http_response_status_code", "203")).isEqualTo(3);
      assertThat(metrics.sum(DURATION_COUNT)).isEqualTo(3);
      assertThat(active(metrics)).isZero();
      assertThat(suppressedWarnings(app)).as("logged once per site, however often it fails").hasSize(1);

      // The server and the agent are unharmed: an ordinary request still works and is measured.
      HttpResponse<String> items = client.get("/api/items");
      assertThat(items.statusCode()).isEqualTo(200);
      assertThat(items.body()).isEqualTo("items");
      metrics = app.scrapeUntil(m -> m.sum(DURATION_COUNT) >= 4, Duration.ofSeconds(15));
      assertThat(metrics.value(DURATION_COUNT, "http_route", "/api/items", "http_response_status_code", "200")).isEqualTo(1);
      assertThat(metrics.sum(AGENT_ERRORS)).isEqualTo(3);
      assertThat(active(metrics)).isZero();

      // The same failure when an asynchronous request completes, outside any advice.
      HttpResponse<String> async = client.get("/async-fast?ms=50&poison=true");
      assertThat(async.statusCode()).isEqualTo(200);
      assertThat(async.body()).isEqualTo("async done");
      metrics = app.scrapeUntil(m -> m.sum(AGENT_ERRORS) >= 4 && m.sum(DURATION_COUNT) >= 5, Duration.ofSeconds(15));
      assertThat(metrics.value(AGENT_ERRORS, "earshot_instrumentation", "jakarta-servlet")).isEqualTo(4);
      assertThat(metrics.value(DURATION_COUNT, "http_route", "OTHER", "http_response_status_code", "200")).isEqualTo(1);
      assertThat(active(metrics)).isZero();
      assertThat(suppressedWarnings(app)).hasSize(2).last().satisfies(line -> assertThat(line)
          .startsWith("[earshot] WARN suppressed java.lang.IllegalStateException at " + TestServlets.Poison.class.getName() + ".toString")
          .contains(" in jakarta-servlet at async completion"));
    }
  }

  private static void assertPoisonedResponseIntact(HttpResponse<String> response) {
    assertThat(response.statusCode()).isEqualTo(203);
    assertThat(response.body()).isEqualTo(TestServlets.POISON_BODY);
    assertThat(response.headers().firstValue("X-Test")).hasValue("poisoned");
    assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("text/plain"));
    assertThat(response.headers().firstValue("Content-Length")).hasValue(Integer.toString(TestServlets.POISON_BODY.length()));
  }

  private static List<String> suppressedWarnings(AgentProcess app) {
    return Arrays.stream(app.output().split("\n")).filter(line -> line.startsWith("[earshot] WARN suppressed")).toList();
  }
}
