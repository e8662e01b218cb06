package dev.earshot.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The start-up/memory harness ({@code bench/startup/StartupOverhead.java}) run the way its README
 * shows, with the JDK source launcher, on the real sample app, the built agent and the OpenTelemetry
 * Java agent, one round each. Asserts what every run must show whatever the machine's speed: which
 * class loaders hold whose classes, that every agent counted the app's requests, that the tables
 * and the CSV have one entry per variant and round in the alternating order. No timings are
 * asserted.
 */
@Timeout(600)
class StartupOverheadIT {

  private static final Path REPO = Paths.get(System.getProperty("earshot.repo", "..")).toAbsolutePath().normalize();
  private static final Path OUT = Paths.get(System.getProperty("earshot.bench.out", "target/startup-it"));
  /** At least the warm-up traffic (20 requests) plus the first health poll that answered 200. */
  private static final int REQUESTS_AT_LEAST = 21;

  @Test
  void breakdownAttributesClassesAndMetaspaceToEachAgentsLoaders() throws Exception {
    Path out = OUT.resolve("breakdown");
    Harness run = Harness.run(out, "--breakdown", "--runs", "1", "--settle-ms", "0",
        "--variants", "none,earshot,otel-trimmed");
    assertThat(run.exitCode()).as(run.output()).isZero();

    Map<String, Map<String, Double>> csv = breakdownCsv(only(out, "memory-breakdown-jdk*.csv"));
    assertThat(csv).containsOnlyKeys("none", "earshot", "otel-trimmed");
    String classes = "Classes loaded incl. hidden ones (VM.classloader_stats)";
    String metaspace = "Metaspace committed (VM.metaspace show-loaders)";
    String earshotLoader = "earshot-agent loader (+ its child loaders)";
    String moduleLoaders = "earshot-<module> loaders";
    String otelLoader = "OTel agent loader (+ its child loaders)";

    Map<String, Double> none = csv.get("none");
    assertThat(none.get(classes + "/" + earshotLoader)).isZero();
    assertThat(none.get(classes + "/" + otelLoader)).isZero();
    assertThat(none.get(classes + "/number of earshot-<module> loaders")).isZero();
    assertThat(none.get(metaspace + "/" + earshotLoader)).isZero();

    Map<String, Double> earshot = csv.get("earshot");
    assertThat(earshot.get(classes + "/" + earshotLoader)).isGreaterThan(0);
    assertThat(earshot.get(metaspace + "/" + earshotLoader)).isGreaterThan(0);
    // The sample app runs Javalin on Jetty: at least one module loader per instrumented library loader.
    assertThat(earshot.get(classes + "/number of earshot-<module> loaders")).isGreaterThanOrEqualTo(1);
    assertThat(earshot.get(classes + "/" + moduleLoaders)).isGreaterThan(0);
    assertThat(earshot.get(classes + "/" + otelLoader)).isZero();

    String counted = "Agent's own metrics/HTTP server requests counted";
    assertThat(none).doesNotContainKey(counted);
    assertThat(earshot.get(counted)).isGreaterThanOrEqualTo(REQUESTS_AT_LEAST);

    Map<String, Double> otel = csv.get("otel-trimmed");
    // Trimmed to Earshot's instrumentations, the OTel agent still measures the app's HTTP server.
    assertThat(otel.get(counted)).isGreaterThanOrEqualTo(REQUESTS_AT_LEAST);
    assertThat(otel.get(classes + "/" + otelLoader)).isGreaterThan(0);
    assertThat(otel.get(metaspace + "/" + otelLoader)).isGreaterThan(0);
    assertThat(otel.get(classes + "/" + earshotLoader)).isZero();

    for (Map.Entry<String, Map<String, Double>> variant : csv.entrySet()) {
      Map<String, Double> v = variant.getValue();
      String rss = "Resident set (/proc/PID/status)";
      // Every resident page lies in some mapping: the kinds add up to VmRSS (read a moment apart).
      double mapped = v.entrySet().stream().filter(e -> e.getKey().startsWith("RSS by mapping"))
          .mapToDouble(Map.Entry::getValue).sum();
      assertThat(mapped).as(variant.getKey()).isBetween(0.9 * v.get(rss + "/RSS at the end (VmRSS)"),
          1.1 * v.get(rss + "/RSS at the end (VmRSS)"));
      assertThat(v.get("RSS by mapping (/proc/PID/smaps)/Java heap (anonymous, in the heap's address range)"))
          .as(variant.getKey()).isGreaterThan(0);
      assertThat(v.get("NMT committed (VM.native_memory summary)/Java Heap")).as(variant.getKey()).isGreaterThan(0);
      assertThat(v.get("Java heap after a full GC (GC.class_histogram)/live objects")).as(variant.getKey())
          .isGreaterThan(0);
      assertThat(v.get("Threads/threads")).as(variant.getKey()).isGreaterThan(0);
    }

    String md = Files.readString(only(out, "memory-breakdown-jdk*.md"));
    assertThat(md).contains("| | none | earshot | otel-trimmed | Δ earshot | Δ otel-trimmed |",
        "| " + earshotLoader + " |", "| " + otelLoader + " |");
    assertThat(md).doesNotContain("**Warning:**");
  }

  @Test
  void startupModeRunsEveryVariantOncePerRoundAndChecksThatEachAgentMeasured() throws Exception {
    Path out = OUT.resolve("startup");
    Path agent = REPO.resolve("agent/target/earshot-agent.jar");
    Harness run = Harness.run(out, "--runs", "2", "--warmup", "0", "--settle-ms", "0", "--quiet-cpu", "0",
        "--max-other-cpu", "0", "--variants", "none,earshot", "--baseline-agent", agent.toString());
    assertThat(run.exitCode()).as(run.output()).isZero();

    List<Map<String, String>> rows = csv(only(out, "startup-jdk*.csv"));
    // earshot-baseline comes right after earshot in every round.
    assertThat(rows).extracting(r -> r.get("round") + ":" + r.get("variant")).containsExactly(
        "1:none", "1:earshot", "1:earshot-baseline", "2:none", "2:earshot", "2:earshot-baseline");
    for (Map<String, String> row : rows) {
      assertThat(row.get("discarded")).isEqualTo("false");
      if (row.get("variant").equals("none")) {
        assertThat(row.get("http_server_requests")).isEmpty();
        assertThat(row.get("metrics_port")).isEmpty();
      } else {
        assertThat(Double.parseDouble(row.get("http_server_requests"))).as(row.get("variant"))
            .isGreaterThanOrEqualTo(REQUESTS_AT_LEAST);
      }
      assertThat(Double.parseDouble(row.get("peak_rss_mib"))).isGreaterThan(0);
    }

    String md = Files.readString(only(out, "startup-jdk*.md"));
    assertThat(md).contains("| earshot − none | earshot-baseline − none | earshot − earshot-baseline |");
    assertThat(md).doesNotContain("**Warning:**");
  }

  @Test
  void aBaselineVariantWithoutABaselineJarIsRefused() throws Exception {
    Harness run = Harness.run(OUT.resolve("refused"), "--variants", "none,earshot-baseline");
    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.output()).contains("error: variant earshot-baseline needs --baseline-agent JAR");
  }

  /** One run of the harness with the JDK source launcher, from the repository root. */
  record Harness(int exitCode, String output) {

    static Harness run(Path out, String... options) throws IOException, InterruptedException {
      freshDirectory(out);
      Path log = out.resolve("harness.log");
      List<String> command = new ArrayList<>(List.of(
          Paths.get(System.getProperty("java.home"), "bin", "java").toString(),
          REPO.resolve("bench/startup/StartupOverhead.java").toString(),
          "--java", javaHome().toString(),
          "--app-jar", REPO.resolve("sample-app/target/earshot-sample-app.jar").toString(),
          "--earshot-agent", REPO.resolve("agent/target/earshot-agent.jar").toString(),
          "--otel-agent", System.getProperty("earshot.bench.otel.agent"),
          "--out", out.toString()));
      command.addAll(Arrays.asList(options));
      Process process = new ProcessBuilder(command).directory(REPO.toFile()).redirectErrorStream(true)
          .redirectOutput(log.toFile()).start();
      try {
        if (!process.waitFor(8, TimeUnit.MINUTES)) {
          throw new AssertionError("harness still running after 8 minutes; log: " + log);
        }
      } finally {
        // The harness kills its JVMs on SIGTERM; these are gone already unless it was stuck.
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
      }
      return new Harness(process.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
    }
  }

  /** A fresh output directory, so that only this run's files are in it. */
  static Path freshDirectory(Path dir) throws IOException {
    if (Files.exists(dir)) {
      try (var files = Files.walk(dir)) {
        for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
          Files.delete(p);
        }
      }
    }
    return Files.createDirectories(dir);
  }

  static Path javaHome() {
    String configured = System.getProperty("earshot.it.java.home");
    return Paths.get(configured == null || configured.isBlank() ? System.getProperty("java.home") : configured);
  }

  /** The one file the run wrote that matches glob (the name holds the JDK's feature version). */
  static Path only(Path dir, String glob) throws IOException {
    List<Path> found = new ArrayList<>();
    try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, glob)) {
      files.forEach(found::add);
    }
    assertThat(found).as(dir + "/" + glob).hasSize(1);
    return found.get(0);
  }

  static List<Map<String, String>> csv(Path file) throws IOException {
    List<String> lines = Files.readAllLines(file);
    List<String> header = fields(lines.get(0));
    List<Map<String, String>> rows = new ArrayList<>();
    for (String line : lines.subList(1, lines.size())) {
      List<String> cells = fields(line);
      assertThat(cells).as(line).hasSameSizeAs(header);
      Map<String, String> row = new LinkedHashMap<>();
      for (int i = 0; i < header.size(); i++) {
        row.put(header.get(i), cells.get(i));
      }
      rows.add(row);
    }
    return rows;
  }

  /** One CSV line's fields (RFC 4180: a field with a comma is quoted, a quote inside doubled). */
  static List<String> fields(String line) {
    List<String> fields = new ArrayList<>();
    StringBuilder field = new StringBuilder();
    boolean quoted = false;
    for (int i = 0; i < line.length(); i++) {
      char c = line.charAt(i);
      if (quoted && c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
        field.append('"');
        i++;
      } else if (c == '"') {
        quoted = !quoted;
      } else if (c == ',' && !quoted) {
        fields.add(field.toString());
        field.setLength(0);
      } else {
        field.append(c);
      }
    }
    fields.add(field.toString());
    return fields;
  }

  /** variant → "section/item" → value, from the breakdown CSV. */
  static Map<String, Map<String, Double>> breakdownCsv(Path file) throws IOException {
    Map<String, Map<String, Double>> byVariant = new LinkedHashMap<>();
    for (Map<String, String> row : csv(file)) {
      byVariant.computeIfAbsent(row.get("variant"), v -> new LinkedHashMap<>())
          .put(row.get("section") + "/" + row.get("item"), Double.parseDouble(row.get("value")));
    }
    return byVariant;
  }
}
