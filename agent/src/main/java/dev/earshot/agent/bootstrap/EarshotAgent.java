package dev.earshot.agent.bootstrap;

import java.io.File;
import java.lang.instrument.Instrumentation;
import java.net.URISyntaxException;
import java.security.CodeSource;
import java.util.jar.JarFile;

/**
 * The {@code -javaagent} entry point.
 *
 * <p>The JVM loads this class through the system class loader. It makes the agent jar part of the
 * bootstrap search path (so the small bridge in this package is visible to every class loader, JDK
 * classes included) and hands over to {@link AgentStartup} as loaded by the bootstrap loader. It
 * must reference no other class of this package directly: such a reference would load a second,
 * system-loader copy of it.
 */
public final class EarshotAgent {

  private EarshotAgent() {}

  public static void premain(String arguments, Instrumentation instrumentation) {
    start(arguments, instrumentation, true);
  }

  public static void agentmain(String arguments, Instrumentation instrumentation) {
    start(arguments, instrumentation, false);
  }

  private static void start(String arguments, Instrumentation instrumentation, boolean atJvmStart) {
    try {
      File agentJar = agentJar();
      instrumentation.appendToBootstrapClassLoaderSearch(new JarFile(agentJar, false));
      Class<?> startup = Class.forName("dev.earshot.agent.bootstrap.AgentStartup", true, null);
      startup
          .getMethod("start", File.class, String.class, Instrumentation.class, boolean.class)
          .invoke(null, agentJar, arguments, instrumentation, atJvmStart);
    } catch (Throwable t) {
      // Never let the agent stop the application: report and let main() run uninstrumented.
      System.err.println("[earshot] ERROR the agent could not start; the application runs without it: " + t);
    }
  }

  private static File agentJar() throws URISyntaxException {
    CodeSource source = EarshotAgent.class.getProtectionDomain().getCodeSource();
    if (source == null || source.getLocation() == null) {
      throw new IllegalStateException("cannot locate the agent jar");
    }
    return new File(source.getLocation().toURI());
  }
}
