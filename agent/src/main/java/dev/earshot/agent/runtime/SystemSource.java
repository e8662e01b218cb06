package dev.earshot.agent.runtime;

/**
 * Where system and process figures come from. Two implementations over OSHI: its procfs drivers
 * on Linux, its full {@code SystemInfo} API elsewhere.
 */
interface SystemSource {

  /** Cumulative CPU ticks in OSHI's TickType order: user, nice, system, idle, iowait, irq, softirq, steal. */
  long[] cpuTicks();

  long memoryTotalBytes();

  long memoryAvailableBytes();

  /** Negative when unknown. */
  long processResidentBytes();

  /** Negative when unknown. */
  long processVirtualBytes();

  static SystemSource forThisPlatform() {
    if (System.getProperty("os.name", "").toLowerCase(java.util.Locale.ROOT).startsWith("linux")) {
      return new ProcfsSystemSource();
    }
    return new OshiSystemSource();
  }
}
