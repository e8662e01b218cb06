package dev.earshot.agent.core;

import dev.earshot.agent.bootstrap.AgentClassLoader;
import dev.earshot.agent.bootstrap.IndyBootstrap;
import java.lang.invoke.CallSite;
import java.lang.invoke.ConstantCallSite;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.HashMap;
import java.util.Map;
import java.util.WeakHashMap;

/**
 * Links advice call sites to advice methods loaded by the right {@link ModuleClassLoader}.
 *
 * <p>Linking happens once per call site; afterwards the call is a constant method handle. A site
 * that cannot be linked (a library version the advice does not fit) becomes a no-op, counted once
 * in {@code earshot.agent.errors}.
 */
final class IndyAdviceLinker implements IndyBootstrap.Linker {

  private static final Object BOOTSTRAP_LOADER = new Object();

  private final Map<String, InstrumentationModule> modules = new HashMap<>();
  private final AgentClassLoader agentLoader;
  // Module name -> instrumented loader -> the module's loader there. Weak keys: a webapp loader
  // that is discarded takes its module loaders with it once nothing else holds them.
  private final Map<String, Map<Object, ModuleClassLoader>> moduleLoaders = new HashMap<>();

  IndyAdviceLinker(Iterable<InstrumentationModule> enabledModules, AgentClassLoader agentLoader) {
    this.agentLoader = agentLoader;
    for (InstrumentationModule module : enabledModules) {
      modules.put(module.name(), module);
      moduleLoaders.put(module.name(), new WeakHashMap<>());
    }
  }

  @Override
  public CallSite link(MethodHandles.Lookup caller, String adviceMethod, MethodType type, String moduleName, String adviceClass) {
    try {
      ModuleClassLoader loader = loaderFor(moduleName, caller.lookupClass().getClassLoader());
      Class<?> advice = Class.forName(adviceClass, true, loader);
      MethodHandle handle = MethodHandles.publicLookup().findStatic(advice, adviceMethod, type);
      return new ConstantCallSite(handle);
    } catch (Throwable t) {
      SelfErrors.record(t, moduleName, "linking " + adviceClass + "." + adviceMethod + " into " + caller.lookupClass().getName());
      return new ConstantCallSite(MethodHandles.empty(type));
    }
  }

  private ModuleClassLoader loaderFor(String moduleName, ClassLoader instrumentedLoader) {
    InstrumentationModule module = modules.get(moduleName);
    if (module == null) {
      throw new IllegalStateException("no enabled module named " + moduleName);
    }
    Map<Object, ModuleClassLoader> loaders = moduleLoaders.get(moduleName);
    Object key = instrumentedLoader == null ? BOOTSTRAP_LOADER : instrumentedLoader;
    synchronized (loaders) {
      return loaders.computeIfAbsent(
          key, k -> new ModuleClassLoader(moduleName, instrumentedLoader, agentLoader, module.helperPackagePrefix()));
    }
  }
}
