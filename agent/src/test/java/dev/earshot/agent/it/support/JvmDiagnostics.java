package dev.earshot.agent.it.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * What {@code jcmd} shows of an instrumented JVM from outside: live objects per class and
 * metaspace per class loader. Nothing in the agent helps: these are the JVM's own diagnostic
 * commands.
 */
public final class JvmDiagnostics {

  private final long pid;

  public JvmDiagnostics(long pid) {
    this.pid = pid;
  }

  /** Live instances per class name ({@code GC.class_histogram}, which collects first). */
  public Map<String, Long> liveInstances() {
    String histogram = jcmd("GC.class_histogram");
    Map<String, Long> instances = new TreeMap<>();
    Matcher line = Pattern.compile("(?m)^\\s*\\d+:\\s+(\\d+)\\s+\\d+\\s+(\\S+)").matcher(histogram);
    while (line.find()) {
      instances.merge(line.group(2), Long.parseLong(line.group(1)), Long::sum);
    }
    assertThat(instances).as(histogram).containsKey("java.lang.String");
    return instances;
  }

  /** Metaspace per class loader ({@code VM.classloader_stats}; run it after a full collection). */
  public LoaderStats loaderStats() {
    return LoaderStats.parse(jcmd("VM.classloader_stats"));
  }

  /** Writes a heap dump, the evidence a failed leak check leaves behind. */
  public void heapDump(String file) {
    jcmd("GC.heap_dump", file);
  }

  private String jcmd(String... command) {
    List<String> line = new ArrayList<>(List.of(AgentProcess.javaHome().resolve("bin/jcmd").toString(), Long.toString(pid)));
    line.addAll(List.of(command));
    try {
      Process process = new ProcessBuilder(line).redirectErrorStream(true).start();
      String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
      assertThat(process.exitValue()).as(output).isZero();
      return output;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /**
   * One row per class loader: its class and its parent's class (the addresses jcmd prints identify
   * a loader's class, not the instance), its classes and the metaspace they use, hidden classes
   * included. A loader's group is the loader and the loaders whose parent is of its class (for a
   * web application loader: the agent's module loaders and reflection accessors next to it).
   */
  public record LoaderStats(List<Row> rows) {

    public record Row(String loaderClass, String parentClass, String type, long classes, long bytes) {}

    private static final Pattern LOADER = Pattern.compile(
        "^(0x[0-9a-f]+)\\s+(0x[0-9a-f]+)\\s+0x[0-9a-f]+\\s+(\\d+)\\s+\\d+\\s+(\\d+)\\s+(.+)$");
    private static final Pattern HIDDEN = Pattern.compile("^\\s+(\\d+)\\s+\\d+\\s+(\\d+)\\s+\\+ hidden classes");

    static LoaderStats parse(String output) {
      List<Row> rows = new ArrayList<>();
      for (String line : output.split("\n")) {
        Matcher loader = LOADER.matcher(line);
        Matcher hidden = HIDDEN.matcher(line);
        if (loader.find()) {
          rows.add(new Row(loader.group(1), loader.group(2), loader.group(5).trim(),
              Long.parseLong(loader.group(3)), Long.parseLong(loader.group(4))));
        } else if (hidden.find() && !rows.isEmpty()) {
          Row owner = rows.remove(rows.size() - 1);
          rows.add(new Row(owner.loaderClass(), owner.parentClass(), owner.type(),
              owner.classes() + Long.parseLong(hidden.group(1)), owner.bytes() + Long.parseLong(hidden.group(2))));
        }
      }
      assertThat(rows).as(output).anySatisfy(row -> assertThat(row.type()).isEqualTo("<boot class loader>"));
      return new LoaderStats(rows);
    }

    /** Loaders of this class. */
    public long loaders(String type) {
      return rows.stream().filter(r -> r.type().equals(type)).count();
    }

    /** Loaders of class {@code type} whose parent is of class {@code parentType}. */
    public long loadersUnder(String parentType, String type) {
      Set<String> parents = loaderClasses(parentType);
      return rows.stream().filter(r -> r.type().equals(type) && parents.contains(r.parentClass())).count();
    }

    /** What is outside the groups of the loaders of class {@code groupType}. */
    public Outside outside(String groupType) {
      Set<String> group = loaderClasses(groupType);
      List<Row> outside = rows.stream().filter(r -> !group.contains(r.loaderClass()) && !group.contains(r.parentClass()))
          .collect(Collectors.toList());
      long total = rows.stream().mapToLong(Row::bytes).sum();
      long outsideBytes = outside.stream().mapToLong(Row::bytes).sum();
      return new Outside(outside, (total - outsideBytes) / Math.max(1, loaders(groupType)));
    }

    private Set<String> loaderClasses(String type) {
      return rows.stream().filter(r -> r.type().equals(type)).map(Row::loaderClass).collect(Collectors.toSet());
    }
  }

  /**
   * The loaders outside some groups, with the metaspace one group uses on average. Metaspace is in
   * jcmd's unit: JDK 17 prints words where its header says bytes, so compare these figures with
   * each other only.
   */
  public record Outside(List<LoaderStats.Row> rows, long metaspacePerGroup) {

    public long metaspace() {
      return rows.stream().mapToLong(LoaderStats.Row::bytes).sum();
    }

    public long classes() {
      return rows.stream().mapToLong(LoaderStats.Row::classes).sum();
    }

    /** Classes of the loaders of one class. */
    public long classes(String type) {
      return rows.stream().filter(r -> r.type().equals(type)).mapToLong(LoaderStats.Row::classes).sum();
    }

    public long loaders(String type) {
      return rows.stream().filter(r -> r.type().equals(type)).count();
    }

    /** Metaspace and classes, in all and per loader class (metaspace/classes). */
    @Override
    public String toString() {
      Map<String, long[]> sums = new TreeMap<>();
      rows.forEach(r -> {
        long[] sum = sums.computeIfAbsent(r.type().substring(r.type().lastIndexOf('.') + 1), t -> new long[2]);
        sum[0] += r.bytes();
        sum[1] += r.classes();
      });
      StringBuilder byType = new StringBuilder();
      sums.forEach((type, sum) -> byType.append(byType.length() == 0 ? "" : ", ").append(type).append('=').append(sum[0]).append('/').append(sum[1]));
      return "metaspace=" + metaspace() + " classes=" + classes() + " (one group: metaspace=" + metaspacePerGroup()
          + ") by loader metaspace/classes {" + byType + "}";
    }
  }
}
