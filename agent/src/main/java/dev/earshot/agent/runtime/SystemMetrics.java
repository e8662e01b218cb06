package dev.earshot.agent.runtime;

import com.sun.management.OperatingSystemMXBean;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.metrics.Meter;
import java.lang.management.ManagementFactory;

/**
 * {@code system.cpu.utilization}, {@code system.memory.usage}, {@code system.memory.limit},
 * {@code process.cpu.utilization}, {@code process.memory.usage}, {@code process.memory.virtual}.
 *
 * <p>All asynchronous: the figures are read only when an exporter collects, on the exporter's
 * thread, so the cost lands on export and never on application threads. Utilisations are computed
 * between two consecutive collections (the first one reports the average since boot or since the
 * process started).
 */
final class SystemMetrics {

  private static final AttributeKey<String> MEMORY_STATE = AttributeKey.stringKey("system.memory.state");
  private static final Attributes USED = Attributes.of(MEMORY_STATE, "used");
  private static final Attributes FREE = Attributes.of(MEMORY_STATE, "free");
  private static final int IDLE = 3;
  private static final int IOWAIT = 4;

  private final SystemSource source;
  private final OperatingSystemMXBean processBean = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
  private long[] previousTicks;
  private long previousProcessCpuNanos;
  private long previousProcessWallNanos;

  private SystemMetrics(SystemSource source) {
    this.source = source;
    previousProcessWallNanos = System.nanoTime()
        - ManagementFactory.getRuntimeMXBean().getUptime() * 1_000_000L;
  }

  static void register(Meter meter) {
    SystemMetrics metrics = new SystemMetrics(SystemSource.forThisPlatform());
    meter.gaugeBuilder("system.cpu.utilization")
        .setUnit("1")
        .setDescription("Fraction of CPU time in use across all logical CPUs of the system, 0 to 1.")
        .buildWithCallback(measurement -> measurement.record(metrics.systemCpuUtilization()));
    meter.upDownCounterBuilder("system.memory.usage")
        .setUnit("By")
        .setDescription("System memory in use (used) and available to new work (free, including reclaimable cache).")
        .buildWithCallback(measurement -> {
          long total = metrics.source.memoryTotalBytes();
          long available = metrics.source.memoryAvailableBytes();
          if (total > 0 && available >= 0) {
            measurement.record(total - available, USED);
            measurement.record(available, FREE);
          }
        });
    meter.upDownCounterBuilder("system.memory.limit")
        .setUnit("By")
        .setDescription("Total system memory.")
        .buildWithCallback(measurement -> {
          long total = metrics.source.memoryTotalBytes();
          if (total > 0) {
            measurement.record(total);
          }
        });
    meter.gaugeBuilder("process.cpu.utilization")
        .setUnit("1")
        .setDescription("Fraction of the CPU time available to this process that it used, 0 to 1.")
        .buildWithCallback(measurement -> {
          double value = metrics.processCpuUtilization();
          if (value >= 0) {
            measurement.record(value);
          }
        });
    meter.upDownCounterBuilder("process.memory.usage")
        .setUnit("By")
        .setDescription("Resident set size of this process.")
        .buildWithCallback(measurement -> {
          long value = metrics.source.processResidentBytes();
          if (value >= 0) {
            measurement.record(value);
          }
        });
    meter.upDownCounterBuilder("process.memory.virtual")
        .setUnit("By")
        .setDescription("Virtual memory size of this process.")
        .buildWithCallback(measurement -> {
          long value = metrics.source.processVirtualBytes();
          if (value >= 0) {
            measurement.record(value);
          }
        });
  }

  synchronized double systemCpuUtilization() {
    long[] ticks = source.cpuTicks();
    long[] previous = previousTicks != null ? previousTicks : new long[ticks.length];
    previousTicks = ticks;
    return busyFraction(previous, ticks);
  }

  /** Share of non-idle ticks between two readings; idle and I/O wait count as idle. */
  static double busyFraction(long[] before, long[] after) {
    long total = 0;
    long idle = 0;
    for (int i = 0; i < after.length; i++) {
      long delta = Math.max(0, after[i] - (i < before.length ? before[i] : 0));
      total += delta;
      if (i == IDLE || i == IOWAIT) {
        idle += delta;
      }
    }
    return total == 0 ? 0 : Math.max(0, Math.min(1, (double) (total - idle) / total));
  }

  /** Semantic conventions: CPU time used since the last reading over elapsed time times the CPUs available. */
  synchronized double processCpuUtilization() {
    long cpuNanos = processBean.getProcessCpuTime();
    long now = System.nanoTime();
    if (cpuNanos < 0) {
      return -1;
    }
    double elapsed = (double) (now - previousProcessWallNanos) * Runtime.getRuntime().availableProcessors();
    double value = elapsed <= 0 ? 0 : (cpuNanos - previousProcessCpuNanos) / elapsed;
    previousProcessCpuNanos = cpuNanos;
    previousProcessWallNanos = now;
    return Math.max(0, Math.min(1, value));
  }
}
