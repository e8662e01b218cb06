package dev.earshot.agent.it.isolation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.earshot.agent.it.support.AgentProcess;
import dev.earshot.agent.it.support.Http;
import dev.earshot.agent.it.support.PrometheusText;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Standards: "an application which bundles its own, different versions of the OpenTelemetry SDK and
 * ByteBuddy starts, serves and is measured". The application (src/it-isolation-app) is compiled
 * against, and runs with, OpenTelemetry SDK 1.50.0 and ByteBuddy 1.15.11 only (target/isolation-libs),
 * while the agent carries 1.65.0 and 1.18.17.
 */
class BundledLibrariesIT {

  private static final String OLD_OPENTELEMETRY = "1.50.0";
  private static final String OLD_BYTEBUDDY = "1.15.11";

  @Test
  void anApplicationWithItsOwnOlderSdkAndByteBuddyStartsServesAndIsMeasured() {
    try (AgentProcess app = AgentProcess.builder("dev.earshot.testapps.isolation.BundledLibrariesApp")
        .name("bundled-libraries")
        .classPath(isolationClassPath())
        .start()) {
      String base = "http://127.0.0.1:" + app.awaitOutput("READY port=(\\d+)", Duration.ofSeconds(30)).group(1);

      // The application loaded its own versions, from its own jars, and used them.
      Matcher byteBuddy = app.awaitOutput("LOADED bytebuddy=(\\S+) jar=(\\S+) generated=(\\S+)", Duration.ofSeconds(5));
      assertThat(byteBuddy.group(1)).isEqualTo(OLD_BYTEBUDDY);
      assertThat(byteBuddy.group(2)).isEqualTo("byte-buddy-" + OLD_BYTEBUDDY + ".jar");
      assertThat(byteBuddy.group(3)).isEqualTo("dev.earshot.testapps.isolation.GeneratedGreeter");
      Matcher sdk = app.awaitOutput("LOADED opentelemetry-sdk=(\\S+) jar=(\\S+) api-jar=(\\S+)", Duration.ofSeconds(5));
      assertThat(sdk.group(1)).isEqualTo(OLD_OPENTELEMETRY);
      assertThat(sdk.group(2)).isEqualTo("opentelemetry-sdk-metrics-" + OLD_OPENTELEMETRY + ".jar");
      assertThat(sdk.group(3)).isEqualTo("opentelemetry-api-" + OLD_OPENTELEMETRY + ".jar");
      // Neither the agent's SDK extras nor its own classes are visible to the application.
      assertThat(app.awaitOutput("SEES agent-classes=(\\S+)", Duration.ofSeconds(5)).group(1)).isEqualTo("false,false");

      app.scrape(); // the agent's SDK is up: requests from now on are measured
      for (int i = 0; i < 3; i++) {
        HttpResponse<String> greeting = Http.get(base + "/greet");
        assertThat(greeting.statusCode()).isEqualTo(200);
        assertThat(greeting.body()).isEqualTo("hello from a ByteBuddy subclass");
      }
      HttpResponse<String> own = Http.get(base + "/own-metrics");
      assertThat(own.statusCode()).isEqualTo(200);
      assertThat(own.body()).isEqualTo("isolation.app.greetings {greeter=\"GeneratedGreeter\"} 3\n");

      PrometheusText metrics = app.scrapeUntil(
          m -> m.sum("http_server_request_duration_seconds_count", "http_route", "/own-metrics") == 1, Duration.ofSeconds(10));
      assertThat(metrics.value("http_server_request_duration_seconds_count",
          "http_route", "/greet", "http_request_method", "GET", "http_response_status_code", "200")).isEqualTo(3);
      assertThat(metrics.value("http_server_request_duration_seconds_count",
          "http_route", "/own-metrics", "http_request_method", "GET", "http_response_status_code", "200")).isEqualTo(1);
      // The application's own metric stays in its own SDK; the agent's SDK is its own too.
      assertThat(metrics.names()).noneMatch(name -> name.startsWith("isolation_app"));
      assertThat(metrics.series("target_info").get(0).label("telemetry_sdk_version")).isEqualTo("1.65.0");
      assertThat(app.output()).doesNotContain("[earshot] WARN").doesNotContain("[earshot] ERROR").doesNotContain("Exception");
      assertThat(app.isAlive()).isTrue();
    }
  }

  /** The application's classes and exactly its own libraries: nothing from the agent's or the test's class path. */
  private static String isolationClassPath() {
    Path target = AgentProcess.agentJar().toAbsolutePath().getParent();
    Path classes = target.resolve("isolation-app-classes");
    Path libs = target.resolve("isolation-libs");
    try (Stream<Path> jars = Files.list(libs)) {
      List<String> entries = jars.filter(p -> p.toString().endsWith(".jar")).map(Path::toString).sorted().collect(Collectors.toList());
      assertThat(entries).hasSize(8);
      assertThat(Files.exists(classes.resolve("dev/earshot/testapps/isolation/BundledLibrariesApp.class"))).isTrue();
      return classes + File.pathSeparator + String.join(File.pathSeparator, entries);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
