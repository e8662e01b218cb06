package dev.earshot.agent.it.openai;

import dev.earshot.agent.it.support.AgentProcess;
import dev.earshot.agent.it.support.PrometheusText;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * A test application of {@code dev.earshot.testapps.openai} driven through its standard input: each
 * line names a scenario; the application prints one line per result and {@code SCENARIO DONE
 * <name>}.
 */
final class OpenAiApp implements AutoCloseable {

  /** One result line, e.g. {@code chat model=gpt-4o-mini input=12 output=8}. */
  record Result(String label, Map<String, String> fields) {
    String get(String key) {
      String value = fields.get(key);
      if (value == null) {
        throw new AssertionError("no " + key + " in " + this);
      }
      return value;
    }

    long number(String key) {
      return Long.parseLong(get(key));
    }
  }

  private final AgentProcess process;

  OpenAiApp(AgentProcess process) {
    this.process = process;
  }

  AgentProcess process() {
    return process;
  }

  /** Waits until the agent has fully started, so every call from now on is measured. */
  OpenAiApp awaitAgent() {
    process.scrape();
    return this;
  }

  /** Runs one scenario and returns its result lines (every line with {@code key=value} fields). */
  List<Result> run(String scenario) {
    int before = process.output().length();
    try {
      OutputStream in = process.process().getOutputStream();
      in.write((scenario + "\n").getBytes(StandardCharsets.UTF_8));
      in.flush();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return awaitScenario(scenario, before);
  }

  /** Waits for a scenario the application runs by itself (from its arguments). */
  List<Result> awaitScenario(String scenario, int fromOffset) {
    String marker = "SCENARIO DONE " + scenario;
    process.awaitOutput("^" + java.util.regex.Pattern.quote(marker) + "$", Duration.ofSeconds(60));
    String output = process.output();
    String section = output.substring(fromOffset, output.indexOf(marker, fromOffset));
    if (section.contains("scenario failed")) {
      throw new AssertionError("scenario " + scenario + " failed in the application:\n" + section);
    }
    List<Result> results = new ArrayList<>();
    for (String line : section.split("\n")) {
      String[] words = line.trim().split(" ");
      if (words.length < 2 || line.startsWith("[earshot]") || !words[1].contains("=")) {
        continue;
      }
      Map<String, String> fields = new LinkedHashMap<>();
      for (int i = 1; i < words.length; i++) {
        int eq = words[i].indexOf('=');
        if (eq > 0) {
          fields.put(words[i].substring(0, eq), words[i].substring(eq + 1));
        }
      }
      results.add(new Result(words[0], fields));
    }
    return results;
  }

  /** Lines of the application's output that start with {@code prefix}. */
  List<String> lines(String prefix) {
    List<String> lines = new ArrayList<>();
    for (String line : process.output().split("\n")) {
      if (line.startsWith(prefix)) {
        lines.add(line);
      }
    }
    return lines;
  }

  PrometheusText scrapeUntil(Predicate<PrometheusText> condition) {
    return process.scrapeUntil(condition, Duration.ofSeconds(15));
  }

  @Override
  public void close() {
    process.close();
  }
}
