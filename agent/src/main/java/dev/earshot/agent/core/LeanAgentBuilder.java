package dev.earshot.agent.core;

import dev.earshot.agent.bootstrap.AgentLog;
import java.lang.reflect.Constructor;
import java.util.Collections;
import net.bytebuddy.ByteBuddy;
import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.dynamic.ClassFileLocator;
import net.bytebuddy.dynamic.VisibilityBridgeStrategy;
import net.bytebuddy.dynamic.scaffold.InstrumentedType;
import net.bytebuddy.dynamic.scaffold.MethodGraph;
import net.bytebuddy.dynamic.scaffold.TypeValidation;

/**
 * ByteBuddy's {@code AgentBuilder.Default} without its self-injection initialisation strategy.
 *
 * <p>The public constructors install {@code InitializationStrategy.SelfInjection}, whose
 * {@code NexusAccessor} prepares class injection into the system class loader at once: on JDK 17
 * that generates helper classes (about 200 ms of CPU and 800 classes at every start), on JDK 25 it
 * prints {@code sun.misc.Unsafe} deprecation warnings into the application's output. Earshot never
 * injects classes (advice is dispatched through invokedynamic and makes no class format changes),
 * so it starts from the strategies it uses: no initialisation, no injection. The full constructor
 * is protected and takes a type that is not accessible outside ByteBuddy, hence reflection; should
 * a ByteBuddy upgrade change it, the public constructor is used (slower, same behaviour).
 */
final class LeanAgentBuilder {

  private static final int PARAMETERS = 24;

  private LeanAgentBuilder() {}

  static AgentBuilder create(AgentBuilder.RawMatcher ignored) {
    // Advice only rewrites the methods a class declares: no need to compile the method graph of its
    // whole hierarchy (which parses every super type's class file), to add bridges, or to let the
    // instrumented type change shape.
    ByteBuddy byteBuddy = new ByteBuddy()
        .with(TypeValidation.DISABLED)
        .with(MethodGraph.Compiler.ForDeclaredMethods.INSTANCE)
        .with(VisibilityBridgeStrategy.Default.NEVER)
        .with(InstrumentedType.Factory.Default.FROZEN);
    try {
      Object[] arguments = {
        byteBuddy,
        AgentBuilder.Listener.NoOp.INSTANCE,
        new AgentBuilder.CircularityLock.Default(),
        AgentBuilder.PoolStrategy.Default.FAST,
        // Advice is an ASM visitor wrapper: decorating the class file is all it needs.
        AgentBuilder.TypeStrategy.Default.DECORATE,
        AgentBuilder.LocationStrategy.ForClassLoader.WEAK,
        ClassFileLocator.NoOp.INSTANCE,
        singleton("AgentBuilder$Default$NativeMethodStrategy$Disabled"),
        singleton("AgentBuilder$Default$WarmupStrategy$NoOp"),
        AgentBuilder.TransformerDecorator.NoOp.INSTANCE,
        AgentBuilder.InitializationStrategy.NoOp.INSTANCE,
        AgentBuilder.RedefinitionStrategy.DISABLED,
        AgentBuilder.RedefinitionStrategy.DiscoveryStrategy.SinglePass.INSTANCE,
        AgentBuilder.RedefinitionStrategy.BatchAllocator.ForTotal.INSTANCE,
        AgentBuilder.RedefinitionStrategy.Listener.NoOp.INSTANCE,
        singleton("AgentBuilder$RedefinitionStrategy$ResubmissionStrategy$Disabled"),
        AgentBuilder.InjectionStrategy.Disabled.INSTANCE,
        AgentBuilder.LambdaInstrumentationStrategy.DISABLED,
        // Types are described from their class files, never by reflection on a loaded class, which
        // can load further classes (nested types) in the middle of a transformation.
        AgentBuilder.DescriptionStrategy.Default.POOL_ONLY,
        AgentBuilder.FallbackStrategy.ByThrowableType.ofOptionalTypes(),
        AgentBuilder.ClassFileBufferStrategy.Default.RETAINING,
        AgentBuilder.InstallationListener.NoOp.INSTANCE,
        ignored,
        Collections.emptyList()
      };
      for (Constructor<?> constructor : AgentBuilder.Default.class.getDeclaredConstructors()) {
        if (constructor.getParameterCount() == PARAMETERS) {
          constructor.setAccessible(true);
          return (AgentBuilder) constructor.newInstance(arguments);
        }
      }
      AgentLog.debug("ByteBuddy's AgentBuilder.Default has no " + PARAMETERS + "-argument constructor; using the default one");
    } catch (ReflectiveOperationException | RuntimeException e) {
      AgentLog.debug("the lean ByteBuddy agent builder is unavailable (" + e + "); using the default one");
    }
    return new AgentBuilder.Default(byteBuddy)
        .with(AgentBuilder.TypeStrategy.Default.DECORATE)
        .with(AgentBuilder.DescriptionStrategy.Default.POOL_ONLY)
        .ignore(ignored);
  }

  /** The INSTANCE of one of ByteBuddy's protected strategy enums. */
  private static Object singleton(String nestedName) throws ReflectiveOperationException {
    Class<?> type = Class.forName("net.bytebuddy.agent.builder." + nestedName, true, AgentBuilder.class.getClassLoader());
    java.lang.reflect.Field instance = type.getField("INSTANCE");
    instance.setAccessible(true);
    return instance.get(null);
  }
}
