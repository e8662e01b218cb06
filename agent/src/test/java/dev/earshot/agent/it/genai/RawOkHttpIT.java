package dev.earshot.agent.it.genai;

import static org.assertj.core.api.Assertions.assertThat;

import dev.earshot.agent.it.support.AgentProcess;
import dev.earshot.agent.it.support.Http;
import dev.earshot.agent.it.support.PrometheusText;
import dev.earshot.testapps.genai.RawOkHttpApp;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.Arrays;
import java.util.stream.Collectors;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Plain OkHttp calls to an OpenAI host, with OkHttp 4 (the version the SDK brings) and OkHttp 5
 * (its Kotlin-multiplatform {@code okhttp-jvm} artifact): blocking, streamed and enqueued calls are
 * measured exactly; a request marked as the SDK's and one to another host are not.
 */
class RawOkHttpIT {

  private static final String DURATION_COUNT = "gen_ai_client_operation_duration_seconds_count";

  @ParameterizedTest(name = "OkHttp {0}")
  @ValueSource(strings = {"4.12.0", "5.4.0"})
  void plainStreamedAndEnqueuedCallsAreMeasuredOnceEach(String version) throws Exception {
    int port = AgentProcess.freePort();
    try (AgentProcess app = AgentProcess.builder(RawOkHttpApp.class.getName()).name("RawOkHttpIT-" + version)
        .classPath(classPathWithOkHttp(version)).jvm("-Dearshot.openai.hosts=127.0.0.1:" + port).args(Integer.toString(port)).start()) {
      app.awaitOutput("READY port=" + port, Duration.ofSeconds(60));
      assertThat(app.output()).contains("OKHTTP " + version);
      app.scrape();
      assertThat(Http.get("http://127.0.0.1:" + port + "/go").statusCode()).isEqualTo(200);
      app.awaitOutput("CALLS DONE", Duration.ofSeconds(60));
      assertThat(app.output()).contains("plain 200 " + RawOkHttpApp.PLAIN.length(), "streamed 200 events=5",
          "async 200 " + RawOkHttpApp.PLAIN.length(), "sdk-marked 200", "not-openai 200");

      PrometheusText m = app.scrapeUntil(p -> p.sum(DURATION_COUNT) >= 3 && p.sum("gen_ai_client_token_usage_count") >= 6, Duration.ofSeconds(15));
      String[] call = {"gen_ai_operation_name", "chat", "gen_ai_request_model", "gpt-4o-mini",
          "gen_ai_response_model", "gpt-4o-mini-2024-07-18", "server_address", "127.0.0.1", "server_port", Integer.toString(port)};
      // Blocking, streamed and enqueued: three calls; the SDK-marked and the other host's: none.
      assertThat(m.value(DURATION_COUNT, call)).isEqualTo(3);
      assertThat(m.sum(DURATION_COUNT)).isEqualTo(3);
      assertThat(m.value("gen_ai_client_operation_time_to_first_chunk_seconds_count", call)).isEqualTo(1);
      // Four data events (three words, the usage chunk): three gaps.
      assertThat(m.value("gen_ai_client_operation_time_per_output_chunk_seconds_count", call)).isEqualTo(3);
      assertThat(m.value("gen_ai_client_token_usage_sum", with(call, "gen_ai_token_type", "input"))).isEqualTo(36);
      assertThat(m.value("gen_ai_client_token_usage_sum", with(call, "gen_ai_token_type", "output"))).isEqualTo(13);
      assertThat(m.value("earshot_openai_tokens_total", with(call, "gen_ai_token_type", "input", "earshot_openai_token_modality", "audio")))
          .isEqualTo(8);
      assertThat(m.value("earshot_openai_tokens_total", with(call, "gen_ai_token_type", "input", "earshot_openai_token_modality", "text")))
          .isEqualTo(28);
      assertThat(m.value("earshot_openai_rate_limit_remaining_requests", "gen_ai_request_model", "gpt-4o-mini")).isEqualTo(41);
      assertThat(m.value("earshot_openai_rate_limit_remaining_tokens", "gen_ai_request_model", "gpt-4o-mini")).isEqualTo(4000);
      assertThat(m.sum("earshot_agent_errors_total")).isZero();
    }
  }

  private static String[] with(String[] base, String... more) {
    String[] all = Arrays.copyOf(base, base.length + more.length);
    System.arraycopy(more, 0, all, base.length, more.length);
    return all;
  }

  static String classPathWithOkHttp(String version) throws Exception {
    String classPath = AgentProcess.defaultClassPath();
    if (version.equals("4.12.0")) {
      return classPath;
    }
    Path libs = Paths.get(System.getProperty("earshot.it.okhttp5.libs", "target/okhttp5-libs"));
    String okhttp5;
    try (var files = Files.list(libs)) {
      okhttp5 = files.map(Path::toString).filter(name -> name.contains("okhttp-jvm-" + version)).findFirst()
          .orElseThrow(() -> new AssertionError("okhttp-jvm " + version + " not in " + libs));
    }
    return Arrays.stream(classPath.split(File.pathSeparator))
        .map(entry -> entry.matches(".*/okhttp-4[^/]*\\.jar") ? okhttp5 : entry)
        .collect(Collectors.joining(File.pathSeparator));
  }
}
