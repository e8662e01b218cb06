package dev.earshot.agent.runtime;

import oshi.SystemInfo;
import oshi.hardware.CentralProcessor;
import oshi.hardware.GlobalMemory;
import oshi.software.os.OSProcess;
import oshi.software.os.OperatingSystem;

/** macOS, Windows and other systems: OSHI's portable API. */
final class OshiSystemSource implements SystemSource {

  private final CentralProcessor processor;
  private final GlobalMemory memory;
  private final OperatingSystem operatingSystem;
  private final int processId = (int) ProcessHandle.current().pid();

  OshiSystemSource() {
    SystemInfo system = new SystemInfo();
    processor = system.getHardware().getProcessor();
    memory = system.getHardware().getMemory();
    operatingSystem = system.getOperatingSystem();
  }

  @Override
  public long[] cpuTicks() {
    return processor.getSystemCpuLoadTicks();
  }

  @Override
  public long memoryTotalBytes() {
    return memory.getTotal();
  }

  @Override
  public long memoryAvailableBytes() {
    return memory.getAvailable();
  }

  @Override
  public long processResidentBytes() {
    OSProcess process = operatingSystem.getProcess(processId);
    return process == null ? -1 : process.getResidentSetSize();
  }

  @Override
  public long processVirtualBytes() {
    OSProcess process = operatingSystem.getProcess(processId);
    return process == null ? -1 : process.getVirtualSize();
  }
}
