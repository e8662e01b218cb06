package dev.earshot.agent.core;

import static net.bytebuddy.matcher.ElementMatchers.nameStartsWith;
import static net.bytebuddy.matcher.ElementMatchers.namedOneOf;

import dev.earshot.agent.bootstrap.AdviceErrors;
import dev.earshot.agent.bootstrap.AgentClassLoader;
import dev.earshot.agent.bootstrap.AgentLog;
import dev.earshot.agent.bootstrap.IndyBootstrap;
import java.lang.instrument.ClassFileTransformer;
import java.lang.instrument.Instrumentation;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.dynamic.ClassFileLocator;
import net.bytebuddy.implementation.bytecode.StackManipulation;
import net.bytebuddy.implementation.bytecode.constant.TextConstant;
import net.bytebuddy.implementation.bytecode.member.MethodInvocation;
import net.bytebuddy.matcher.ElementMatcher;
import net.bytebuddy.utility.JavaConstant;
import net.bytebuddy.utility.JavaModule;

/**
 * Builds ByteBuddy's transformer from the enabled modules' type instrumentations: every advice
 * woven as an {@code invokedynamic} call linked by {@link IndyAdviceLinker}, wrapped in an
 * exception handler that hands throwables to {@link AdviceErrors}. Kept apart from
 * {@link AgentInstaller} so that premain never loads a ByteBuddy class.
 */
final class AdviceTransformer {

  private AdviceTransformer() {}

  /**
   * @param targetNames receives the binary names of every type the enabled modules instrument
   */
  static ClassFileTransformer build(Instrumentation instrumentation, List<InstrumentationModule> modules, AgentClassLoader agentLoader,
      Set<String> targetNames) throws NoSuchMethodException {
    Method bootstrap = IndyBootstrap.class.getMethod(
        "bootstrap", MethodHandles.Lookup.class, String.class, MethodType.class, Object[].class);
    ClassFileLocator agentClasses = ClassFileLocator.ForClassLoader.of(agentLoader);

    AgentBuilder builder = LeanAgentBuilder.create(new AgentOwnTypes(agentLoader))
        .disableClassFormatChanges()
        .with(new TransformationListener())
        // Advice call sites woven into named modules (the JDK's) must read the bootstrap bridge.
        .assureReadEdgeTo(instrumentation, IndyBootstrap.class);

    for (InstrumentationModule module : modules) {
      ClassLoaderHasClasses loaderCheck = new ClassLoaderHasClasses(module.requiredClasses());
      for (TypeInstrumentation type : module.typeInstrumentations()) {
        List<AgentBuilder.Transformer.ForAdvice> transformer = new ArrayList<>(List.of(
            new AgentBuilder.Transformer.ForAdvice(
                    Advice.withCustomMapping()
                        // Lets an advice hand back a replacement (a metered response, a wrapped
                        // callback): @Advice.AssignReturned.ToReturned / ToArguments.
                        .with(new Advice.AssignReturned.Factory().withSuppressed(ClassCastException.class))
                        .bootstrap(bootstrap, new AdviceLinkArguments(module.name())))
                .include(agentClasses)
                .withExceptionHandler(new ToAdviceErrors(module.name()))));
        // ForAdvice is immutable: each applyAdvice replaces it with one more advice.
        type.transform((methods, adviceClassName) -> transformer.set(0, transformer.get(0).advice(methods, adviceClassName)));
        targetNames.addAll(type.typeNames());
        builder = builder.type(namedOneOf(type.typeNames().toArray(new String[0])), loaderCheck).transform(transformer.get(0));
      }
    }
    return builder.makeRaw();
  }

  /**
   * The agent never instruments itself, ByteBuddy, or the loaders of its own classes. Names only:
   * anything else (modifiers, say) would make ByteBuddy parse the class file of every class the
   * application loads.
   */
  private static final class AgentOwnTypes implements AgentBuilder.RawMatcher {
    private final ElementMatcher<TypeDescription> names =
        nameStartsWith("dev.earshot.agent.").or(nameStartsWith("net.bytebuddy."));
    private final ClassLoader agentLoader;

    AgentOwnTypes(ClassLoader agentLoader) {
      this.agentLoader = agentLoader;
    }

    @Override
    public boolean matches(TypeDescription type, ClassLoader loader, JavaModule module, Class<?> redefined, java.security.ProtectionDomain domain) {
      return loader == agentLoader || loader instanceof ModuleClassLoader || names.matches(type);
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

  /** Transformation failures are the agent's errors: counted, logged once, never fatal. */
  private static final class TransformationListener extends AgentBuilder.Listener.Adapter {
    @Override
    public void onError(String typeName, ClassLoader loader, JavaModule module, boolean loaded, Throwable error) {
      SelfErrors.record(error, "core", "transforming " + typeName);
    }

    @Override
    public void onTransformation(TypeDescription type, ClassLoader loader, JavaModule module, boolean loaded, net.bytebuddy.dynamic.DynamicType dynamicType) {
      if (AgentLog.isDebugEnabled()) {
        AgentLog.debug("instrumented " + type.getName() + (loaded ? " (retransformed)" : ""));
      }
    }
  }
}
