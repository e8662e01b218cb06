package dev.earshot.bench.soak;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The short variant of {@code scripts/bench.sh soak} (bench/README.md): 100 s against the built
 * agent and sample app, then the JSON and Markdown it wrote are checked field by field, and no
 * series may leak. The hour-long run is the documented command; this one keeps it working.
 */
class SoakCommandIT {

  private static final List<String> SERIES = List.of("heap_after_gc", "rss", "threads", "agent_objects", "otel_sdk_objects",
      "metric_series");

  @Test
  void aShortSoakWritesItsResultAndFindsNoLeak() throws Exception {
    Path out = Files.createDirectories(Paths.get("target", "soak-ci"));
    ByteArrayOutputStream stdout = new ByteArrayOutputStream();
    ByteArrayOutputStream stderr = new ByteArrayOutputStream();
    int status = new SoakCommand().run(new String[] {"--duration", "100s", "--warmup", "40s", "--interval", "5s",
        "--callers", "2", "--http-rate", "8", "--out", out.toString(), "--check"},
        new PrintStream(stdout, true, StandardCharsets.UTF_8), new PrintStream(stderr, true, StandardCharsets.UTF_8));
    String printed = stdout.toString(StandardCharsets.UTF_8);
    System.out.println(printed);
    assertThat(status).as(printed + stderr.toString(StandardCharsets.UTF_8)).isZero();

    int jdk = Runtime.version().feature();
    JsonNode result = new ObjectMapper().readTree(out.resolve("soak-jdk" + jdk + ".json").toFile());
    assertThat(result.path("command").asText()).isEqualTo("soak");
    assertThat(result.path("formatVersion").asInt()).isEqualTo(SoakReport.FORMAT_VERSION);
    assertThat(result.path("java").asText()).startsWith(Integer.toString(jdk));
    assertThat(result.path("durationSeconds").asLong()).isEqualTo(100);
    assertThat(result.path("warmupSeconds").asLong()).isEqualTo(40);
    assertThat(result.path("intervalSeconds").asLong()).isEqualTo(5);
    assertThat(result.path("verdict").asText()).isIn(SlopeVerdict.NO_LEAK, SlopeVerdict.INCONCLUSIVE);

    // Samples every 5 s from 0 to 100 s, each with every figure.
    JsonNode samples = result.path("samples");
    assertThat(samples.size()).isEqualTo(21);
    for (JsonNode sample : samples) {
      for (String name : SERIES) {
        assertThat(sample.path(name).asLong()).as(name + " in " + sample).isPositive();
      }
    }
    assertThat(samples.get(20).path("seconds").asDouble()).isBetween(99.0, 112.0);

    // One verdict per series, consistent with its own numbers.
    List<String> names = new ArrayList<>();
    for (JsonNode series : result.path("series")) {
      names.add(series.path("name").asText());
      double window = series.path("windowHours").asDouble();
      double lower = series.path("ci95PerHour").get(0).asDouble();
      double upper = series.path("ci95PerHour").get(1).asDouble();
      double slope = series.path("slopePerHour").asDouble();
      double allowed = series.path("allowedGrowth").asDouble();
      assertThat(series.path("samples").asInt()).isBetween(12, 13);
      assertThat(lower).isLessThanOrEqualTo(slope);
      assertThat(upper).isGreaterThanOrEqualTo(slope);
      assertThat(allowed).isEqualTo(Math.max(series.path("floor").asDouble(), series.path("thresholdPerHour").asDouble() * window));
      String expected = lower * window > allowed ? SlopeVerdict.LEAK : upper * window <= allowed ? SlopeVerdict.NO_LEAK
          : SlopeVerdict.INCONCLUSIVE;
      assertThat(series.path("verdict").asText()).as(series.toString()).isEqualTo(expected).isNotEqualTo(SlopeVerdict.LEAK);
    }
    assertThat(names).isEqualTo(SERIES);

    // The load really ran: answered HTTP requests of every kind in the mix, and voice calls.
    JsonNode load = result.path("load");
    JsonNode responses = load.path("httpResponses");
    assertThat(responses.path("200").asLong()).isGreaterThan(300);
    assertThat(responses.path("201").asLong()).isGreaterThan(50);
    assertThat(responses.path("204").asLong()).isGreaterThan(50);
    assertThat(responses.path("404").asLong()).isGreaterThan(50);
    assertThat(responses.path("failed").asLong()).isZero();
    assertThat(load.path("voiceCallersReport").asText()).contains("voice callers: 2 (2 connected, 0 failed to connect");
    // The agent warned about nothing, and the assistant did not run out of memory.
    JsonNode log = result.path("assistantLog");
    assertThat(log.path("earshotWarnings").isNumber()).isTrue();
    assertThat(log.path("earshotWarnings").asLong()).isZero();
    assertThat(log.path("earshotErrors").asLong()).isZero();
    assertThat(log.path("outOfMemoryErrors").asLong()).isZero();
    assertThat(log.has("okhttpLeakedConnections")).isTrue();
    assertThat(result.path("withAgent").asBoolean()).isTrue();

    String markdown = Files.readString(out.resolve("soak-jdk" + jdk + ".md"));
    assertThat(markdown).startsWith("# Soak: " + result.path("verdict").asText() + "\n");
    for (String name : SERIES) {
      assertThat(markdown).containsPattern("\\| " + name + " \\| [^|]+ \\| [-0-9,]+ → [-0-9,]+ \\| .+ \\| (no leak|inconclusive) \\|");
    }
  }
}
