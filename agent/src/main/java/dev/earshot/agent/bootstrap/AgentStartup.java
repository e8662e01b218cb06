package dev.earshot.agent.bootstrap;

import java.io.File;
import java.lang.instrument.Instrumentation;

/**
 * Bootstrap-loaded second stage: creates the agent's private class loader and runs the installer
 * inside it. Nothing here depends on a third-party library.
 */
public final class AgentStartup {

  /** What the installer in the agent's class loader offers this stage (see {@link #start}). */
  public interface Installer {
    void install(Instrumentation instrumentation, String arguments, AgentClassLoader agentLoader, boolean atJvmStart,
        long premainStartNanos);
  }

  private static boolean started;
  /** Written by the installer class's static initializer, on the thread running {@link #start}. */
  private static Installer offered;

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
      // Initialising the installer class makes it offer itself (offer below). Neither Core
      // Reflection nor a method handle: at a signature the JVM has not seen, both generate
      // method-handle classes first (on JDK 25 about 20 ms of premain for Method.invoke, 4 ms for
      // an exact method handle), where an interface call costs nothing.
      Class.forName("dev.earshot.agent.core.AgentInstaller", true, agentLoader);
      Installer installer = offered;
      offered = null;
      if (installer == null) {
        throw new IllegalStateException("dev.earshot.agent.core.AgentInstaller did not offer itself when initialised");
      }
      installer.install(instrumentation, arguments, agentLoader, atJvmStart, premainStartNanos);
    } catch (Throwable t) {
      AgentLog.error("the agent could not start; the application runs without it", t);
    }
  }

  /** Called by the installer class's static initializer, during {@link #start}. */
  public static void offer(Installer installer) {
    offered = installer;
  }
}
