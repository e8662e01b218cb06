package dev.earshot.agent.it.export;

import static org.assertj.core.api.Assertions.assertThat;

import dev.earshot.agent.it.support.AgentProcess;
import dev.earshot.agent.it.support.PrometheusText;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** {@code -javaagent:earshot-agent.jar=config=FILE}: earshot.* and otel.* keys, below -D and environment. */
class ConfigFileIT {

  private static final String COUNT = "http_server_request_duration_seconds_count";
  private static final String FILE = "# Earshot test configuration\notel.service.name=from-file\nearshot.http.max-routes=7\n";

  @Test
  void theFileSetsTheServiceNameAndTheRouteBound() {
    Path config = ExportChecks.writeConfig("config-file", FILE);
    try (AgentProcess app = AgentProcess.builder(ExportChecks.JDK_SERVER_APP).name("config-file")
        .agentArguments("config=" + config)
        .start()) {
      PrometheusText metrics = driveDistinctRoutes(app, 9);
      assertThat(metrics.series("target_info")).hasSize(1);
      assertThat(metrics.series("target_info").get(0).label("service_name")).isEqualTo("from-file");
      assertRoutesBounded(metrics, 9, 7);
      assertThat(ExportChecks.earshotWarnings(app)).isEmpty();
    }
  }

  @Test
  void systemPropertiesAndEnvironmentBeatTheFile() {
    Path config = ExportChecks.writeConfig("config-file-overridden", FILE);
    try (AgentProcess app = AgentProcess.builder(ExportChecks.JDK_SERVER_APP).name("config-file-overridden")
        .agentArguments("config=" + config)
        .jvm("-Dotel.service.name=from-sysprop")
        .env("EARSHOT_HTTP_MAX_ROUTES", "3")
        .start()) {
      PrometheusText metrics = driveDistinctRoutes(app, 5);
      assertThat(metrics.series("target_info").get(0).label("service_name")).isEqualTo("from-sysprop");
      assertRoutesBounded(metrics, 5, 3);
      assertThat(ExportChecks.earshotWarnings(app)).isEmpty();
    }
  }

  private static PrometheusText driveDistinctRoutes(AgentProcess app, int count) {
    String base = ExportChecks.baseUrl(app);
    app.scrape();
    for (int i = 0; i < count; i++) {
      ExportChecks.getOk(base + "/config/page" + BadSettingsIT.letters(i));
    }
    return app.scrapeUntil(m -> m.sum(COUNT) == count, Duration.ofSeconds(10));
  }

  /** The first {@code bound} distinct routes keep their names; the rest are OTHER. */
  private static void assertRoutesBounded(PrometheusText metrics, int requests, int bound) {
    List<String> routes = IntStream.range(0, bound).mapToObj(i -> "/config/page" + BadSettingsIT.letters(i)).toList();
    Set<String> expected = new TreeSet<>(routes);
    expected.add("OTHER");
    assertThat(metrics.labelValues(COUNT, "http_route")).isEqualTo(expected);
    assertThat(metrics.value(COUNT, "http_route", "OTHER")).isEqualTo(requests - bound);
  }
}
