package dev.earshot.agent.core;

import dev.earshot.agent.bootstrap.AgentClassLoader;

/**
 * Defines one module's advice and helper classes next to an instrumented library.
 *
 * <p>Resolution order: the module's own package is defined here from the agent jar; the agent's
 * other classes (recorders) and the OpenTelemetry API come from the agent's loader, so there is
 * exactly one copy of each recorder; everything else (the library's types, the JDK) comes from the
 * instrumented class's loader, even a library the agent also carries for itself (OkHttp and okio
 * for the OTLP exporter): the helpers must see the application's copy. One instance exists per
 * module and instrumented loader.
 */
final class ModuleClassLoader extends ClassLoader {

  static {
    registerAsParallelCapable();
  }

  private final AgentClassLoader agentLoader;
  private final String helperPackagePrefix;

  ModuleClassLoader(String moduleName, ClassLoader instrumentedLoader, AgentClassLoader agentLoader, String helperPackagePrefix) {
    super("earshot-" + moduleName, instrumentedLoader == null ? ClassLoader.getPlatformClassLoader() : instrumentedLoader);
    this.agentLoader = agentLoader;
    this.helperPackagePrefix = helperPackagePrefix;
  }

  @Override
  protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
    synchronized (getClassLoadingLock(name)) {
      Class<?> loaded = findLoadedClass(name);
      if (loaded == null) {
        if (name.startsWith(helperPackagePrefix) && agentLoader.carries(name)) {
          byte[] bytes = agentLoader.classBytes(name);
          loaded = defineClass(name, bytes, 0, bytes.length);
        } else if ((name.startsWith("dev.earshot.") || name.startsWith("io.opentelemetry.") || name.startsWith("net.bytebuddy.")) && agentLoader.carries(name)) {
          loaded = agentLoader.loadClass(name);
        } else {
          loaded = getParent().loadClass(name);
        }
      }
      if (resolve) {
        resolveClass(loaded);
      }
      return loaded;
    }
  }
}
