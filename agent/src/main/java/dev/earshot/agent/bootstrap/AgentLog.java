package dev.earshot.agent.bootstrap;

/**
 * The agent's own log: one line per event on standard error, prefixed {@code [earshot]}.
 *
 * <p>The agent does not use the application's logging framework (it may not have one, or may
 * configure it after the agent starts) nor java.util.logging (touching its LogManager in premain
 * breaks applications that install their own manager later). Content from requests never reaches
 * this log: callers pass only class names, setting names and counts.
 */
public final class AgentLog {

  /** 0 = debug, 1 = info, 2 = warn, 3 = error, 4 = off. */
  private static volatile int threshold = 1;

  private AgentLog() {}

  public static void setLevel(String level) {
    switch (level) {
      case "debug": threshold = 0; break;
      case "info": threshold = 1; break;
      case "warn": threshold = 2; break;
      case "error": threshold = 3; break;
      case "off": threshold = 4; break;
      default: throw new IllegalArgumentException("unknown log level " + level);
    }
  }

  public static boolean isDebugEnabled() {
    return threshold <= 0;
  }

  public static void debug(String message) {
    log(0, "DEBUG", message, null);
  }

  public static void info(String message) {
    log(1, "INFO", message, null);
  }

  public static void warn(String message) {
    log(2, "WARN", message, null);
  }

  public static void error(String message, Throwable error) {
    log(3, "ERROR", message, error);
  }

  private static void log(int level, String label, String message, Throwable error) {
    if (level < threshold) {
      return;
    }
    StringBuilder line = new StringBuilder(128).append("[earshot] ").append(label).append(' ').append(message);
    if (error != null) {
      // The class and message of our own failure, never a full trace: stack traces of advice
      // failures would flood the application's error stream. Debug level shows the trace.
      line.append(": ").append(error);
    }
    System.err.println(line);
    if (error != null && threshold <= 0) {
      error.printStackTrace();
    }
  }
}
