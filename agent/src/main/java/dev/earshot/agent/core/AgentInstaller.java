package dev.earshot.agent.core;

import static net.bytebuddy.matcher.ElementMatchers.nameStartsWith;
import static net.bytebuddy.matcher.ElementMatchers.namedOneOf;

import dev.earshot.agent.bootstrap.AdviceErrors;
import dev.earshot.agent.bootstrap.AgentClassLoader;
import dev.earshot.agent.bootstrap.AgentLog;
import dev.earshot.agent.bootstrap.IndyBootstrap;
import dev.earshot.agent.export.MetricsSdk;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import java.lang.instrument.Instrumentation;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
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
 * Runs inside the agent's class loader: reads the settings, installs the class transformer, and
 * starts the metrics SDK in the background.
 */
public final class AgentInstaller {

  private AgentInstaller() {}

  /**
   * Called from premain/agentmain. Returns at once: reading settings, building the transformer and
   * starting the SDK happen on a background thread, in parallel with the application's own
   * startup. Target classes the application loaded in the meantime are retransformed, so nothing is
   * missed but the requests served before that moment.
   */
  public static void install(Instrumentation instrumentation, String arguments, AgentClassLoader agentLoader, boolean atJvmStart) {
    Thread init = new Thread(() -> installInBackground(instrumentation, arguments, agentLoader, atJvmStart), "earshot-init");
    init.setDaemon(true);
    init.setContextClassLoader(agentLoader);
    init.start();
  }

  private static void installInBackground(Instrumentation instrumentation, String arguments, AgentClassLoader agentLoader, boolean atJvmStart) {
    try {
      long started = System.nanoTime();
      List<InstrumentationModule> all = Modules.all();
      List<String> names = new ArrayList<>();
      for (InstrumentationModule module : all) {
        names.add(module.name());
      }
      Settings settings = Settings.load(arguments, names);
      AgentLog.setLevel(settings.logLevel());
      Settings.makeCurrent(settings);

      List<InstrumentationModule> enabled = new ArrayList<>();
      List<String> enabledNames = new ArrayList<>();
      for (InstrumentationModule module : all) {
        if (settings.instrumentationEnabled(module.name())) {
          enabled.add(module);
          enabledNames.add(module.name());
        } else {
          AgentLog.info("instrumentation " + module.name() + " is switched off");
        }
      }
      SelfErrors.install(enabledNames);
      IndyBootstrap.install(new IndyAdviceLinker(enabled, agentLoader));
      Runnable sweepAgain = installTransformer(instrumentation, enabled, agentLoader);
      AgentLog.debug("transformer installed " + sinceStart(started) + (atJvmStart ? "" : " (attached to a running JVM)"));
      startTelemetry(settings, enabled, sweepAgain);
      AgentLog.info("Earshot " + AgentVersion.VERSION + " started, measuring " + String.join(", ", enabledNames));
      AgentLog.debug("metrics started " + sinceStart(started));
    } catch (Throwable t) {
      AgentLog.error("the agent could not start; the application runs without it", t);
    }
  }

  /** Wall and CPU time of the initialisation thread so far, for the debug log. */
  private static String sinceStart(long startedNanos) {
    long cpu = java.lang.management.ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
    return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startedNanos) + " ms after start ("
        + TimeUnit.NANOSECONDS.toMillis(cpu) + " ms CPU on the initialisation thread)";
  }

  /** @param beforeReady runs once the SDK is built, just before the agent shows itself ready */
  private static void startTelemetry(Settings settings, List<InstrumentationModule> enabled, Runnable beforeReady) {
    try {
      OpenTelemetrySdk sdk = MetricsSdk.build(settings);
      Telemetry.publish(sdk);
      for (InstrumentationModule module : enabled) {
        try {
          module.onTelemetryReady(sdk);
        } catch (Throwable t) {
          SelfErrors.record(t, module.name(), "start of its metrics");
        }
      }
      beforeReady.run();
      SelfErrors.registerMetric(sdk);
    } catch (Throwable t) {
      AgentLog.error("metrics could not be started; the application runs on without them", t);
    }
  }

  /** @return a second sweep for target classes whose loading was under way during the first (see {@link #retransformLoaded}) */
  private static Runnable installTransformer(Instrumentation instrumentation, List<InstrumentationModule> modules, AgentClassLoader agentLoader)
      throws NoSuchMethodException {
    Method bootstrap = IndyBootstrap.class.getMethod(
        "bootstrap", MethodHandles.Lookup.class, String.class, MethodType.class, Object[].class);
    ClassFileLocator agentClasses = ClassFileLocator.ForClassLoader.of(agentLoader);

    AgentBuilder builder = LeanAgentBuilder.create(new AgentOwnTypes(agentLoader))
        .disableClassFormatChanges()
        .with(new TransformationListener())
        // Advice call sites woven into named modules (the JDK's) must read the bootstrap bridge.
        .assureReadEdgeTo(instrumentation, IndyBootstrap.class);

    Set<String> targetNames = new HashSet<>();
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
    Set<String> internalNames = new HashSet<>();
    for (String name : targetNames) {
      internalNames.add(name.replace('.', '/'));
    }
    instrumentation.addTransformer(new TargetNameFilter(builder.makeRaw(), internalNames), true);
    Set<Class<?>> swept = new HashSet<>();
    retransformLoaded(instrumentation, targetNames, swept);
    return () -> retransformLoaded(instrumentation, targetNames, swept);
  }

  /**
   * Target classes loaded before the transformer was added (by the application while the agent
   * started in the background, or before an agentmain attach) are retransformed now.
   */
  private static void retransformLoaded(Instrumentation instrumentation, Set<String> targetNames, Set<Class<?>> done) {
    // A class whose loading (class file hook) started before the transformer was added but which
    // was defined only after the list of loaded classes was taken escapes both the transformer and
    // this sweep: hence a second call once the SDK is built, hundreds of milliseconds later.
    // Retransforming a class can load its nested classes on this thread (reflection on the loaded
    // class: declared types, nest members), inside ByteBuddy's circularity lock, which then leaves
    // them untransformed (Jetty's WebSocketCoreSession$IncomingAdaptor). Such targets are
    // retransformed by a further pass; retransforming a class twice weaves it once.
    for (int pass = 0; pass < 3; pass++) {
      List<Class<?>> loaded = new ArrayList<>();
      for (Class<?> type : instrumentation.getAllLoadedClasses()) {
        if (targetNames.contains(type.getName()) && !done.contains(type) && instrumentation.isModifiableClass(type)) {
          loaded.add(type);
        }
      }
      if (loaded.isEmpty()) {
        return;
      }
      for (Class<?> type : loaded) {
        done.add(type);
        try {
          instrumentation.retransformClasses(type);
        } catch (Throwable t) {
          SelfErrors.record(t, "core", "retransforming " + type.getName());
        }
      }
    }
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
