package dev.earshot.agent.core;

import dev.earshot.agent.bootstrap.AgentClassLoader;
import dev.earshot.agent.bootstrap.IndyBootstrap;
import java.lang.invoke.CallSite;
import java.lang.ref.WeakReference;
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
  // Module name -> instrumented loader -> the module's loader there. Keys and values are weak: a
  // module loader is kept alive by the advice classes it defined, which the linked call sites of
  // the instrumented classes hold; when the application loader is discarded the whole group goes
  // (a strong value would pin its parent, the application loader, forever).
  private final Map<String, Map<Object, WeakReference<ModuleClassLoader>>> moduleLoaders = new HashMap<>();

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
    Map<Object, WeakReference<ModuleClassLoader>> loaders = moduleLoaders.get(moduleName);
    Object key = instrumentedLoader == null ? BOOTSTRAP_LOADER : instrumentedLoader;
    synchronized (loaders) {
      WeakReference<ModuleClassLoader> existing = loaders.get(key);
      ModuleClassLoader loader = existing == null ? null : existing.get();
      if (loader == null) {
        loader = new ModuleClassLoader(moduleName, instrumentedLoader, agentLoader, module.helperPackagePrefix());
        loaders.put(key, new WeakReference<>(loader));
      }
      return loader;
    }
  }
}
