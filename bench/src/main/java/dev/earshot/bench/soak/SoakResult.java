package dev.earshot.bench.soak;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Everything one soak measured: the samples, each series' verdict, the load it ran under. */
public record SoakResult(Instant started, SoakOptions options, String javaVersion, List<ProcessProbe.Sample> samples,
    List<SlopeVerdict> verdicts, String verdict, Map<String, Long> httpResponses, String voiceCallersReport,
    Map<String, Long> assistantLog) {

  /** 17 for "17.0.16+8-...", 25 for "25+36-LTS". */
  int javaFeature() {
    String digits = javaVersion.replaceAll("^(\\d+).*$", "$1");
    return digits.matches("\\d+") ? Integer.parseInt(digits) : 0;
  }
}
