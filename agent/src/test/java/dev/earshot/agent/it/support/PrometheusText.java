package dev.earshot.agent.it.support;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/** A parsed Prometheus text exposition (format 0.0.4): every sample with its labels. */
public final class PrometheusText {

  /** One line of the exposition. */
  public record Sample(String name, Map<String, String> labels, double value) {
    public String label(String key) {
      return labels.get(key);
    }

    /** True when every given key=value pair is among the labels. */
    public boolean has(String... keyValues) {
      for (int i = 0; i < keyValues.length; i += 2) {
        if (!keyValues[i + 1].equals(labels.get(keyValues[i]))) {
          return false;
        }
      }
      return true;
    }
  }

  private final List<Sample> samples;
  private final String raw;

  private PrometheusText(List<Sample> samples, String raw) {
    this.samples = samples;
    this.raw = raw;
  }

  public static PrometheusText parse(String text) {
    List<Sample> samples = new ArrayList<>();
    for (String line : text.split("\n")) {
      if (line.isBlank() || line.startsWith("#")) {
        continue;
      }
      samples.add(parseLine(line));
    }
    return new PrometheusText(Collections.unmodifiableList(samples), text);
  }

  private static Sample parseLine(String line) {
    int brace = line.indexOf('{');
    int space;
    String name;
    Map<String, String> labels = new LinkedHashMap<>();
    if (brace >= 0 && brace < line.indexOf(' ')) {
      name = line.substring(0, brace);
      int i = brace + 1;
      while (line.charAt(i) != '}') {
        int eq = line.indexOf('=', i);
        String key = line.substring(i, eq);
        StringBuilder value = new StringBuilder();
        int j = eq + 2; // skip ="
        while (line.charAt(j) != '"') {
          char c = line.charAt(j);
          if (c == '\\') {
            char next = line.charAt(++j);
            value.append(next == 'n' ? '\n' : next);
          } else {
            value.append(c);
          }
          j++;
        }
        labels.put(key, value.toString());
        i = j + 1;
        if (line.charAt(i) == ',') {
          i++;
        }
      }
      space = i + 1;
    } else {
      space = line.indexOf(' ');
      name = line.substring(0, space);
    }
    String rest = line.substring(space).trim();
    String number = rest.split("\\s+")[0];
    double value = switch (number) {
      case "+Inf" -> Double.POSITIVE_INFINITY;
      case "-Inf" -> Double.NEGATIVE_INFINITY;
      case "NaN" -> Double.NaN;
      default -> Double.parseDouble(number);
    };
    return new Sample(name, Collections.unmodifiableMap(labels), value);
  }

  public List<Sample> samples() {
    return samples;
  }

  public String raw() {
    return raw;
  }

  /** Samples of this exact metric name (for histograms use the _bucket/_count/_sum name). */
  public List<Sample> series(String name) {
    return samples.stream().filter(s -> s.name().equals(name)).collect(Collectors.toList());
  }

  /** Samples of this name whose labels include all the given key=value pairs. */
  public List<Sample> series(String name, String... keyValues) {
    return samples.stream().filter(s -> s.name().equals(name) && s.has(keyValues)).collect(Collectors.toList());
  }

  /** The value of the single sample matching; fails if there is none or more than one. */
  public double value(String name, String... keyValues) {
    List<Sample> matching = series(name, keyValues);
    if (matching.size() != 1) {
      throw new AssertionError("expected exactly one sample " + name + " with " + String.join(",", keyValues) + " but found " + matching);
    }
    return matching.get(0).value();
  }

  /** The sum over matching samples, 0 when there are none. */
  public double sum(String name, String... keyValues) {
    return series(name, keyValues).stream().mapToDouble(Sample::value).sum();
  }

  public Set<String> names() {
    return samples.stream().map(Sample::name).collect(Collectors.toCollection(TreeSet::new));
  }

  /** Distinct values of one label over the samples of a metric. */
  public Set<String> labelValues(String name, String label) {
    return series(name).stream().map(s -> s.label(label)).filter(v -> v != null).collect(Collectors.toCollection(TreeSet::new));
  }
}
