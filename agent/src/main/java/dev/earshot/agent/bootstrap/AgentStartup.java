package dev.earshot.agent.bootstrap;

import java.io.File;
import java.lang.instrument.Instrumentation;

/**
 * Bootstrap-loaded second stage: creates the agent's private class loader and runs the installer
 * inside it. Nothing here depends on a third-party library.
 */
public final class AgentStartup {

  private static boolean started;

  private AgentStartup() {}

  public static synchronized void start(
      File agentJar, String arguments, Instrumentation instrumentation, boolean atJvmStart, long premainStartNanos) {
    if (started) {
      AgentLog.warn("the agent is already running in this JVM; the second attach is ignored");
      return;
    }
    started = true;
    try {
      AgentClassLoader agentLoader = new AgentClassLoader(agentJar);
      Class<?> installer = agentLoader.loadClass("dev.earshot.agent.core.AgentInstaller");
      installer
          .getMethod("install", Instrumentation.class, String.class, AgentClassLoader.class, boolean.class, long.class)
          .invoke(null, instrumentation, arguments, agentLoader, atJvmStart, premainStartNanos);
    } catch (Throwable t) {
      Throwable cause = t instanceof java.lang.reflect.InvocationTargetException && t.getCause() != null ? t.getCause() : t;
      AgentLog.error("the agent could not start; the application runs without it", cause);
    }
  }
}
