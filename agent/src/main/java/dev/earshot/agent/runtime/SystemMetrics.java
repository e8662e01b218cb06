package dev.earshot.agent.runtime;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.metrics.Meter;
import oshi.SystemInfo;
import oshi.hardware.CentralProcessor;
import oshi.hardware.GlobalMemory;
import oshi.software.os.OSProcess;
import oshi.software.os.OperatingSystem;

/**
 * {@code system.cpu.utilization}, {@code system.memory.usage}, {@code system.memory.limit},
 * {@code process.cpu.utilization}, {@code process.memory.usage}, {@code process.memory.virtual}.
 *
 * <p>All asynchronous: OSHI is asked only when an exporter collects, on the exporter's thread, so
 * the cost lands on export and never on application threads. Utilisations are computed between two
 * consecutive collections (the first collection reports the average since boot or process start).
 */
final class SystemMetrics {

  private static final AttributeKey<String> MEMORY_STATE = AttributeKey.stringKey("system.memory.state");
  private static final Attributes USED = Attributes.of(MEMORY_STATE, "used");
  private static final Attributes FREE = Attributes.of(MEMORY_STATE, "free");

  private final CentralProcessor processor;
  private final GlobalMemory memory;
  private final OperatingSystem operatingSystem;
  private final int processId;
  private long[] previousSystemTicks;
  private OSProcess previousProcess;

  private SystemMetrics() {
    SystemInfo system = new SystemInfo();
    processor = system.getHardware().getProcessor();
    memory = system.getHardware().getMemory();
    operatingSystem = system.getOperatingSystem();
    processId = (int) ProcessHandle.current().pid();
  }

  static void register(Meter meter) {
    SystemMetrics metrics = new SystemMetrics();
    meter.gaugeBuilder("system.cpu.utilization")
        .setUnit("1")
        .setDescription("Fraction of CPU time in use across all logical CPUs of the system, 0 to 1.")
        .buildWithCallback(measurement -> measurement.record(metrics.systemCpuUtilization()));
    meter.upDownCounterBuilder("system.memory.usage")
        .setUnit("By")
        .setDescription("System memory in use (used) and available to new work (free, including reclaimable cache).")
        .buildWithCallback(measurement -> {
          long total = metrics.memory.getTotal();
          long available = metrics.memory.getAvailable();
          measurement.record(total - available, USED);
          measurement.record(available, FREE);
        });
    meter.upDownCounterBuilder("system.memory.limit")
        .setUnit("By")
        .setDescription("Total system memory.")
        .buildWithCallback(measurement -> measurement.record(metrics.memory.getTotal()));
    meter.gaugeBuilder("process.cpu.utilization")
        .setUnit("1")
        .setDescription("Fraction of the system's CPU time used by this process, 0 to 1.")
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
          OSProcess process = metrics.operatingSystem.getProcess(metrics.processId);
          if (process != null) {
            measurement.record(process.getResidentSetSize());
          }
        });
    meter.upDownCounterBuilder("process.memory.virtual")
        .setUnit("By")
        .setDescription("Virtual memory size of this process.")
        .buildWithCallback(measurement -> {
          OSProcess process = metrics.operatingSystem.getProcess(metrics.processId);
          if (process != null) {
            measurement.record(process.getVirtualSize());
          }
        });
  }

  private synchronized double systemCpuUtilization() {
    long[] ticks = processor.getSystemCpuLoadTicks();
    double load = previousSystemTicks == null
        ? processor.getSystemCpuLoadBetweenTicks(new long[ticks.length])
        : processor.getSystemCpuLoadBetweenTicks(previousSystemTicks);
    previousSystemTicks = ticks;
    return Math.max(0, Math.min(1, load));
  }

  /** OSHI's figure is a share of one CPU's time; semantic conventions want a share of all CPUs. */
  private synchronized double processCpuUtilization() {
    OSProcess current = operatingSystem.getProcess(processId);
    if (current == null) {
      return -1;
    }
    double load = current.getProcessCpuLoadBetweenTicks(previousProcess);
    previousProcess = current;
    return Math.max(0, Math.min(1, load / processor.getLogicalProcessorCount()));
  }
}
