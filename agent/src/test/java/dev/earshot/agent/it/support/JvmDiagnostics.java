package dev.earshot.agent.it.redeploy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.earshot.agent.it.support.AgentProcess;
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
 * What {@code jcmd} shows of the server JVM from outside: live objects per class and metaspace per
 * class loader. Nothing in the agent helps: these are the JVM's own diagnostic commands.
 */
final class ServerJvm {

  static final String WEBAPP_LOADER = "org.apache.catalina.loader.ParallelWebappClassLoader";

  private final long pid;

  ServerJvm(long pid) {
    this.pid = pid;
  }

  /** Live instances per class name ({@code GC.class_histogram}, which collects first). */
  Map<String, Long> liveInstances() {
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
  LoaderStats loaderStats() {
    return LoaderStats.parse(jcmd("VM.classloader_stats"));
  }

  /** Writes a heap dump, the evidence a failed leak check leaves behind. */
  void heapDump(String file) {
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
   * included. A loader whose parent is a web application loader (the agent's module loaders,
   * reflection accessors) belongs to that application's group.
   */
  record LoaderStats(List<Row> rows) {

    record Row(String loaderClass, String parentClass, String type, long classes, long bytes) {}

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

    private Set<String> webappLoaderClasses() {
      return rows.stream().filter(r -> r.type().equals(WEBAPP_LOADER)).map(Row::loaderClass).collect(Collectors.toSet());
    }

    private List<Row> rowsOutsideWebapps() {
      Set<String> webapp = webappLoaderClasses();
      return rows.stream().filter(r -> !webapp.contains(r.loaderClass()) && !webapp.contains(r.parentClass()))
          .collect(Collectors.toList());
    }

    long webappLoaders() {
      return rows.stream().filter(r -> r.type().equals(WEBAPP_LOADER)).count();
    }

    /**
     * Metaspace used by every loader outside the web applications' groups, in jcmd's unit (JDK 17
     * prints words where its header says bytes: compare these figures with each other only).
     */
    long metaspaceOutsideWebapps() {
      return rowsOutsideWebapps().stream().mapToLong(Row::bytes).sum();
    }

    /** Metaspace of one web application's group, on average over those alive, in jcmd's unit. */
    long metaspacePerWebapp() {
      long total = rows.stream().mapToLong(Row::bytes).sum();
      return (total - metaspaceOutsideWebapps()) / Math.max(1, webappLoaders());
    }

    long classesOutsideWebapps() {
      return rowsOutsideWebapps().stream().mapToLong(Row::classes).sum();
    }

    /** Classes of the loaders of one class outside the web applications' groups. */
    long classesOutsideWebapps(String type) {
      return rowsOutsideWebapps().stream().filter(r -> r.type().equals(type)).mapToLong(Row::classes).sum();
    }

    /** A summary for the test's figures: metaspace (jcmd's unit) and classes, in all and per loader class. */
    String outsideWebapps() {
      Map<String, String> byType = new TreeMap<>();
      Map<String, long[]> sums = new TreeMap<>();
      rowsOutsideWebapps().forEach(r -> {
        long[] sum = sums.computeIfAbsent(r.type(), t -> new long[2]);
        sum[0] += r.bytes();
        sum[1] += r.classes();
      });
      sums.forEach((type, sum) -> byType.put(type.substring(type.lastIndexOf('.') + 1), sum[0] + "/" + sum[1]));
      return "metaspace=" + metaspaceOutsideWebapps() + " classes=" + classesOutsideWebapps() + " (one deployment: metaspace="
          + metaspacePerWebapp() + ") by loader metaspace/classes " + byType;
    }

    /** Loaders of the given class outside the web applications' groups. */
    long loadersOutsideWebapps(String type) {
      return rowsOutsideWebapps().stream().filter(r -> r.type().equals(type)).count();
    }

    long loaders(String type) {
      return rows.stream().filter(r -> r.type().equals(type)).count();
    }
  }
}
