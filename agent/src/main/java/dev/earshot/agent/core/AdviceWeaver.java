package dev.earshot.agent.core;

import dev.earshot.agent.bootstrap.AdviceErrors;
import dev.earshot.agent.bootstrap.AgentLog;
import dev.earshot.agent.bootstrap.IndyBootstrap;
import java.lang.instrument.ClassFileTransformer;
import java.lang.instrument.Instrumentation;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Method;
import java.security.ProtectionDomain;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import net.bytebuddy.ByteBuddy;
import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.dynamic.ClassFileLocator;
import net.bytebuddy.dynamic.DynamicType;
import net.bytebuddy.dynamic.TypeResolutionStrategy;
import net.bytebuddy.dynamic.VisibilityBridgeStrategy;
import net.bytebuddy.dynamic.scaffold.InstrumentedType;
import net.bytebuddy.dynamic.scaffold.MethodGraph;
import net.bytebuddy.dynamic.scaffold.TypeValidation;
import net.bytebuddy.implementation.Implementation;
import net.bytebuddy.implementation.bytecode.StackManipulation;
import net.bytebuddy.implementation.bytecode.constant.TextConstant;
import net.bytebuddy.implementation.bytecode.member.MethodInvocation;
import net.bytebuddy.pool.TypePool;
import net.bytebuddy.utility.JavaConstant;

/**
 * Weaves the enabled modules' advice into the classes {@link TargetNameFilter} hands over: every
 * advice call an {@code invokedynamic} linked by {@link IndyAdviceLinker}, wrapped in an exception
 * handler that gives throwables to {@link AdviceErrors}.
 *
 * <p>ByteBuddy's {@code Advice} does the weaving; its {@code AgentBuilder} is not used. The filter
 * already knows by name which classes to transform, so the builder's matching machinery has
 * nothing left to do, and building it costs what premain-time start-up cannot spare: it generates
 * a class of its own at run time (its Java 9 transformer, about 4 MB of allocation and a few
 * hundred more classes). Each class is described from its own class file (never by reflection on
 * a loaded class), only its declared methods are considered, and its format never changes, so the
 * same weaving serves first loads and retransformations alike.
 */
final class AdviceWeaver implements ClassFileTransformer {

  private final Instrumentation instrumentation;
  private final ClassLoader agentLoader;
  private final Module bridgeModule = IndyBootstrap.class.getModule();
  /** Internal name ({@code a/b/C}) -> the advice of every module that instruments it. */
  private final Map<String, List<TypeWeaving>> byInternalName = new HashMap<>();
  private final ByteBuddy byteBuddy = new ByteBuddy()
      .with(TypeValidation.DISABLED)
      .with(MethodGraph.Compiler.ForDeclaredMethods.INSTANCE)
      .with(VisibilityBridgeStrategy.Default.NEVER)
      .with(InstrumentedType.Factory.Default.FROZEN)
      .with(Implementation.Context.Disabled.Factory.INSTANCE);
  /** Classes this thread is weaving: a class loaded in the middle of weaving another is left alone. */
  private final ThreadLocal<Boolean> weaving = new ThreadLocal<>();

  /** One type instrumentation of one module: which class loaders qualify, and its advice. */
  private static final class TypeWeaving {
    final ClassLoaderHasClasses loaderCheck;
    final AgentBuilder.Transformer.ForAdvice advice;

    TypeWeaving(ClassLoaderHasClasses loaderCheck, AgentBuilder.Transformer.ForAdvice advice) {
      this.loaderCheck = loaderCheck;
      this.advice = advice;
    }
  }

  /**
   * @param targetNames receives the binary names of every type the enabled modules instrument
   */
  AdviceWeaver(Instrumentation instrumentation, List<InstrumentationModule> modules, ClassLoader agentLoader, Set<String> targetNames)
      throws NoSuchMethodException {
    this.instrumentation = instrumentation;
    this.agentLoader = agentLoader;
    Method bootstrap = IndyBootstrap.class.getMethod(
        "bootstrap", MethodHandles.Lookup.class, String.class, MethodType.class, Object[].class);
    ClassFileLocator agentClasses = ClassFileLocator.ForClassLoader.of(agentLoader);
    for (InstrumentationModule module : modules) {
      ClassLoaderHasClasses loaderCheck = new ClassLoaderHasClasses(module.requiredClasses());
      Advice.WithCustomMapping mapping = Advice.withCustomMapping()
          // Lets an advice hand back a replacement (a metered response, a wrapped callback):
          // @Advice.AssignReturned.ToReturned / ToArguments.
          .with(new Advice.AssignReturned.Factory().withSuppressed(ClassCastException.class))
          .bootstrap(bootstrap, new AdviceLinkArguments(module.name()));
      for (TypeInstrumentation type : module.typeInstrumentations()) {
        AgentBuilder.Transformer.ForAdvice[] advice = {
          new AgentBuilder.Transformer.ForAdvice(mapping).include(agentClasses).withExceptionHandler(new ToAdviceErrors(module.name()))
        };
        // ForAdvice is immutable: each applyAdvice replaces it with one more advice.
        type.transform((methods, adviceClassName) -> advice[0] = advice[0].advice(methods, adviceClassName));
        for (String name : type.typeNames()) {
          targetNames.add(name);
          byInternalName.computeIfAbsent(name.replace('.', '/'), key -> new ArrayList<>()).add(new TypeWeaving(loaderCheck, advice[0]));
        }
      }
    }
  }

  @Override
  public byte[] transform(ClassLoader loader, String internalName, Class<?> redefined, ProtectionDomain domain, byte[] bytes) {
    return transform(null, loader, internalName, redefined, domain, bytes);
  }

  @Override
  public byte[] transform(Module module, ClassLoader loader, String internalName, Class<?> redefined, ProtectionDomain domain, byte[] bytes) {
    List<TypeWeaving> candidates = byInternalName.get(internalName);
    // The agent's own copies of instrumented libraries (OkHttp for OTLP) are never woven.
    if (candidates == null || loader == agentLoader || loader instanceof ModuleClassLoader) {
      return null;
    }
    if (weaving.get() != null) {
      // Weaving never loads application classes (types are read from class files), so this is a
      // surprise worth seeing: counted, and the class stays as it is.
      SelfErrors.record(new IllegalStateException("class loaded while another was woven"), "core", "weaving " + internalName);
      return null;
    }
    weaving.set(Boolean.TRUE);
    String name = internalName.replace('/', '.');
    try {
      List<TypeWeaving> applicable = new ArrayList<>(candidates.size());
      for (TypeWeaving candidate : candidates) {
        if (candidate.loaderCheck.matches(loader)) {
          applicable.add(candidate);
        }
      }
      if (applicable.isEmpty()) {
        return null;
      }
      ClassFileLocator locator = new ClassFileLocator.Compound(
          ClassFileLocator.Simple.of(name, bytes),
          loader == null ? ClassFileLocator.ForClassLoader.ofBootLoader() : ClassFileLocator.ForClassLoader.WeaklyReferenced.of(loader));
      TypePool pool = new TypePool.Default.WithLazyResolution(new TypePool.CacheProvider.Simple(), locator, TypePool.Default.ReaderMode.FAST);
      TypeDescription type = pool.describe(name).resolve();
      DynamicType.Builder<?> builder = byteBuddy.decorate(type, locator);
      for (TypeWeaving weaving : applicable) {
        builder = weaving.advice.transform(builder, type, loader, null, domain);
      }
      byte[] woven = builder.make(TypeResolutionStrategy.Disabled.INSTANCE, pool).getBytes();
      // Advice call sites in a named module (the JDK's) must be able to read the bootstrap bridge.
      if (module != null && module.isNamed() && !module.canRead(bridgeModule)) {
        instrumentation.redefineModule(module, Set.of(bridgeModule), Map.of(), Map.of(), Set.of(), Map.of());
      }
      if (AgentLog.isDebugEnabled()) {
        AgentLog.debug("instrumented " + name + (redefined != null ? " (retransformed)" : ""));
      }
      return woven;
    } catch (Throwable t) {
      SelfErrors.record(t, "core", "transforming " + name);
      return null;
    } finally {
      weaving.remove();
    }
  }

  /** The constant arguments of every advice call site: its module and its advice class. */
  private static final class AdviceLinkArguments implements Advice.BootstrapArgumentResolver.Factory {
    private final String moduleName;

    AdviceLinkArguments(String moduleName) {
      this.moduleName = moduleName;
    }

    @Override
    public Advice.BootstrapArgumentResolver resolve(MethodDescription.InDefinedShape adviceMethod, boolean exit) {
      List<JavaConstant> constants = List.of(
          JavaConstant.Simple.ofLoaded(moduleName), JavaConstant.Simple.ofLoaded(adviceMethod.getDeclaringType().getName()));
      return (instrumentedType, instrumentedMethod) -> constants;
    }
  }

  /** Woven around every advice call: hands a throwable to {@link AdviceErrors#record} instead of the application. */
  private static final class ToAdviceErrors implements Advice.ExceptionHandler {
    private static final MethodDescription RECORD;

    static {
      try {
        RECORD = new MethodDescription.ForLoadedMethod(
            AdviceErrors.class.getMethod("record", Throwable.class, String.class, String.class));
      } catch (NoSuchMethodException e) {
        throw new ExceptionInInitializerError(e);
      }
    }

    private final String moduleName;

    ToAdviceErrors(String moduleName) {
      this.moduleName = moduleName;
    }

    @Override
    public StackManipulation resolve(MethodDescription instrumentedMethod, TypeDescription instrumentedType) {
      return new StackManipulation.Compound(
          new TextConstant(moduleName),
          new TextConstant(instrumentedType.getName() + "." + instrumentedMethod.getName()),
          MethodInvocation.invoke(RECORD));
    }
  }
}
