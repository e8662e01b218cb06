package dev.earshot.agent.bootstrap;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.lang.instrument.Instrumentation;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.security.CodeSource;
import java.util.Locale;
import java.util.Properties;
import java.util.jar.JarFile;

/**
 * The {@code -javaagent} entry point.
 *
 * <p>The JVM loads this class through the system class loader. It makes the agent jar part of the
 * bootstrap search path (so the small bridge in this package is visible to every class loader, JDK
 * classes included) and hands over to {@link AgentStartup} as loaded by the bootstrap loader. Other
 * classes of this package are referenced only after the append, when the system loader's
 * delegation finds them in the bootstrap loader (and this is checked): a reference resolved before
 * it would load a second, system-loader copy.
 */
public final class EarshotAgent {

  static final String ENABLED = "earshot.enabled";

  private EarshotAgent() {}

  public static void premain(String arguments, Instrumentation instrumentation) {
    start(arguments, instrumentation, true);
  }

  public static void agentmain(String arguments, Instrumentation instrumentation) {
    start(arguments, instrumentation, false);
  }

  private static void start(String arguments, Instrumentation instrumentation, boolean atJvmStart) {
    long startNanos = System.nanoTime();
    try {
      String switchedOffBy = switchedOffBy(arguments);
      if (switchedOffBy != null) {
        // The hard off switch: nothing is appended, loaded, registered or started.
        System.err.println("[earshot] INFO Earshot is switched off by " + switchedOffBy + "; nothing is installed");
        return;
      }
      File agentJar = agentJar();
      instrumentation.appendToBootstrapClassLoaderSearch(new JarFile(agentJar, false));
      // Resolved now, after the append: the system loader delegates to the bootstrap loader, which
      // finds the class in the jar just appended. A direct call, not Core Reflection: since JDK 18
      // Method.invoke spins method-handle classes for a new signature, about 20 ms of premain.
      if (AgentStartup.class.getClassLoader() != null) {
        throw new IllegalStateException("AgentStartup was not loaded by the bootstrap loader but by " + AgentStartup.class.getClassLoader());
      }
      AgentStartup.start(agentJar, arguments, instrumentation, atJvmStart, startNanos);
    } catch (Throwable t) {
      // Never let the agent stop the application: report and let main() run uninstrumented.
      System.err.println("[earshot] ERROR the agent could not start; the application runs without it: " + t);
    }
  }

  /**
   * Where {@code earshot.enabled=false} was found, in the order of precedence of every Earshot
   * setting (system property, environment variable, agent arguments, configuration file), or null
   * when the agent is to run. Only an explicit {@code false} switches it off; any other value is
   * the agent's to judge (it warns about a malformed one and runs).
   */
  static String switchedOffBy(String arguments) {
    String value = System.getProperty(ENABLED);
    if (value != null) {
      return isFalse(value) ? "-D" + ENABLED + "=" + value.trim() : null;
    }
    value = System.getenv("EARSHOT_ENABLED");
    if (value != null) {
      return isFalse(value) ? "EARSHOT_ENABLED=" + value.trim() : null;
    }
    String configFile = firstNonNull(System.getProperty("earshot.config"), System.getenv("EARSHOT_CONFIG"));
    if (arguments != null) {
      for (String argument : arguments.split(",")) {
        int eq = argument.indexOf('=');
        String name = eq < 0 ? "" : argument.substring(0, eq).trim();
        if (name.equals(ENABLED)) {
          value = argument.substring(eq + 1);
        } else if (name.equals("config") && configFile == null) {
          configFile = argument.substring(eq + 1).trim();
        }
      }
      if (value != null) {
        return isFalse(value) ? "the agent argument " + ENABLED + "=" + value.trim() : null;
      }
    }
    if (configFile != null) {
      Properties file = new Properties();
      try (InputStream in = Files.newInputStream(Paths.get(configFile))) {
        file.load(in);
      } catch (IOException | RuntimeException unreadable) {
        return null; // the agent reports an unreadable file itself
      }
      value = file.getProperty(ENABLED);
      if (value != null && isFalse(value)) {
        return ENABLED + "=" + value.trim() + " in " + configFile;
      }
    }
    return null;
  }

  private static boolean isFalse(String value) {
    return value.trim().toLowerCase(Locale.ROOT).equals("false");
  }

  private static String firstNonNull(String a, String b) {
    return a != null ? a : b;
  }

  private static File agentJar() throws URISyntaxException {
    CodeSource source = EarshotAgent.class.getProtectionDomain().getCodeSource();
    if (source == null || source.getLocation() == null) {
      throw new IllegalStateException("cannot locate the agent jar");
    }
    return new File(source.getLocation().toURI());
  }
}
