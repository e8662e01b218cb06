package dev.earshot.bench.soak;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The soak's result as JSON (everything, for tools) and as a short Markdown summary (for people). */
final class SoakReport {

  static final int FORMAT_VERSION = 1;

  private SoakReport() {}

  static void writeJson(SoakResult result, Path file) throws IOException {
    new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(file.toFile(), tree(result));
  }

  static Map<String, Object> tree(SoakResult result) {
    SoakOptions options = result.options();
    Map<String, Object> root = new LinkedHashMap<>();
    root.put("command", "soak");
    root.put("formatVersion", FORMAT_VERSION);
    root.put("started", result.started().toString());
    root.put("java", result.javaVersion());
    root.put("durationSeconds", options.duration().toSeconds());
    root.put("warmupSeconds", options.warmup().toSeconds());
    root.put("intervalSeconds", options.interval().toSeconds());
    root.put("heapMax", options.heapMax());
    root.put("withAgent", options.withAgent());
    Map<String, Object> load = new LinkedHashMap<>();
    load.put("voiceCallers", options.callers());
    load.put("httpRequestsPerSecond", options.httpRate());
    load.put("httpResponses", result.httpResponses());
    load.put("voiceCallersReport", result.voiceCallersReport());
    root.put("load", load);
    root.put("assistantLog", result.assistantLog());
    root.put("verdict", result.verdict());
    List<Map<String, Object>> series = new ArrayList<>();
    for (SlopeVerdict v : result.verdicts()) {
      Map<String, Object> s = new LinkedHashMap<>();
      s.put("name", v.series());
      s.put("unit", v.unit());
      s.put("samples", v.samples());
      s.put("first", v.first());
      s.put("last", v.last());
      s.put("slopePerHour", v.slopePerHour());
      s.put("ci95PerHour", List.of(v.lowerPerHour(), v.upperPerHour()));
      s.put("windowHours", v.windowHours());
      s.put("growthInWindow", v.slopePerHour() * v.windowHours());
      s.put("ci95GrowthInWindow", List.of(v.lowerPerHour() * v.windowHours(), v.upperPerHour() * v.windowHours()));
      s.put("thresholdPerHour", v.thresholdPerHour());
      s.put("floor", v.floor());
      s.put("allowedGrowth", v.allowedGrowth());
      s.put("verdict", v.verdict());
      series.add(s);
    }
    root.put("series", series);
    List<Map<String, Object>> samples = new ArrayList<>();
    for (ProcessProbe.Sample sample : result.samples()) {
      Map<String, Object> s = new LinkedHashMap<>();
      s.put("seconds", Math.round(sample.seconds() * 10) / 10.0);
      s.put("heap_after_gc", sample.heapAfterGcKib());
      s.put("rss", sample.rssKib());
      s.put("threads", sample.threads());
      s.put("agent_objects", sample.agentObjects());
      s.put("agent_bytes", sample.agentBytes());
      s.put("otel_sdk_objects", sample.otelObjects());
      s.put("metric_series", sample.series());
      samples.add(s);
    }
    root.put("samples", samples);
    return root;
  }

  static String markdown(SoakResult result) {
    SoakOptions options = result.options();
    StringBuilder md = new StringBuilder();
    md.append("# Soak: ").append(result.verdict()).append("\n\n");
    md.append(String.format(Locale.ROOT, "%s, JDK %s, %s with a %s warm-up, a sample every %s (%d samples, %d after the warm-up);"
            + " the sample assistant (-Xmx%s) %s, %d simulated voice callers, %.1f HTTP requests/s.%n%n",
        result.started(), result.javaVersion(), SoakOptions.format(options.duration()), SoakOptions.format(options.warmup()),
        SoakOptions.format(options.interval()), result.samples().size(),
        result.verdicts().isEmpty() ? 0 : result.verdicts().get(0).samples(), options.heapMax(),
        options.withAgent() ? "under the agent" : "without the agent (baseline)", options.callers(), options.httpRate()));
    md.append("| Series | Unit | After warm-up: first → last | Slope per hour (95 % CI) | Growth in the window (95 % CI) | Allowed growth | Verdict |\n");
    md.append("|---|---|---:|---|---|---:|---|\n");
    for (SlopeVerdict v : result.verdicts()) {
      double h = v.windowHours();
      md.append(String.format(Locale.ROOT, "| %s | %s | %,.0f → %,.0f | %+,.1f [%+,.1f, %+,.1f] | %+,.1f [%+,.1f, %+,.1f] | %,.0f | %s |%n",
          v.series(), v.unit(), v.first(), v.last(), v.slopePerHour(), v.lowerPerHour(), v.upperPerHour(),
          v.slopePerHour() * h, v.lowerPerHour() * h, v.upperPerHour() * h, v.allowedGrowth(), v.verdict()));
    }
    md.append("\nHTTP responses by status: ").append(result.httpResponses()).append("\n");
    md.append("\nLines in the assistant's output: ").append(result.assistantLog()).append("\n");
    if (!result.voiceCallersReport().isBlank()) {
      md.append("\nVoice callers:\n\n```\n").append(result.voiceCallersReport().strip()).append("\n```\n");
    }
    md.append(String.format(Locale.ROOT, "%nThe window is the %.1f minutes after the warm-up. A series leaks when the 95 %% confidence"
        + " interval of its growth over the window lies wholly above the allowed growth, max(floor, threshold per hour × window),"
        + " shows no leak when it lies wholly at or below it, and is inconclusive otherwise (bench/README.md).%n",
        result.verdicts().isEmpty() ? 0 : result.verdicts().get(0).windowHours() * 60));
    return md.toString();
  }
}
