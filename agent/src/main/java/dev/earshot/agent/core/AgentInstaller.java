package dev.earshot.agent.core;

import dev.earshot.agent.bootstrap.AgentClassLoader;
import dev.earshot.agent.bootstrap.AgentLog;
import dev.earshot.agent.bootstrap.AgentStartup;
import dev.earshot.agent.bootstrap.IndyBootstrap;
import dev.earshot.agent.export.MetricsSdk;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import java.lang.instrument.ClassFileTransformer;
import java.lang.instrument.Instrumentation;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Runs inside the agent's class loader. In premain it registers the class-file filter that every
 * target class passes through; on a background thread it reads the settings, builds ByteBuddy's
 * transformer behind that filter, and starts the metrics SDK.
 */
public final class AgentInstaller implements Runnable {

  static {
    // How the bootstrap stage reaches install() without reflection (see AgentStartup.start).
    AgentStartup.offer(new BootstrapEntry());
  }

  private final Instrumentation instrumentation;
  private final String arguments;
  private final AgentClassLoader agentLoader;
  private final boolean atJvmStart;
  private final TargetNameFilter filter;
  private final long premainStartNanos;
  /** How long premain (or agentmain) took, for the debug log. */
  private long premainNanos;

  private AgentInstaller(Instrumentation instrumentation, String arguments, AgentClassLoader agentLoader, boolean atJvmStart,
      TargetNameFilter filter, long premainStartNanos) {
    this.instrumentation = instrumentation;
    this.arguments = arguments;
    this.agentLoader = agentLoader;
    this.atJvmStart = atJvmStart;
    this.filter = filter;
    this.premainStartNanos = premainStartNanos;
  }

  /**
   * Called from premain/agentmain. Costs milliseconds: it registers {@link TargetNameFilter}, so
   * that no target class can load without passing through the agent, and starts the
   * {@code earshot-init} thread for everything else. A target class the application loads before
   * ByteBuddy is ready waits for it (see {@link TargetNameFilter}); measurements taken before the
   * SDK is ready are buffered ({@link Telemetry}). Nothing that starts after premain returns is
   * missed. No lambda and no ByteBuddy class here: their first use costs premain milliseconds.
   *
   * @param premainStartNanos {@link System#nanoTime()} when the JVM called premain/agentmain
   */
  public static void install(Instrumentation instrumentation, String arguments, AgentClassLoader agentLoader, boolean atJvmStart,
      long premainStartNanos) {
    TargetNameFilter filter = new TargetNameFilter(TargetTypesIndex.load(agentLoader));
    instrumentation.addTransformer(filter, true);
    AgentInstaller installer = new AgentInstaller(instrumentation, arguments, agentLoader, atJvmStart, filter, premainStartNanos);
    Thread init = new Thread(installer, "earshot-init");
    filter.builtBy(init);
    init.setDaemon(true);
    init.setContextClassLoader(agentLoader);
    installer.premainNanos = System.nanoTime() - premainStartNanos;
    init.start();
  }

  /** {@link #install}, as the bootstrap stage calls it. */
  private static final class BootstrapEntry implements AgentStartup.Installer {
    @Override
    public void install(Instrumentation instrumentation, String arguments, AgentClassLoader agentLoader, boolean atJvmStart,
        long premainStartNanos) {
      AgentInstaller.install(instrumentation, arguments, agentLoader, atJvmStart, premainStartNanos);
    }
  }

  /** The initialisation thread: settings, ByteBuddy's transformer, the metrics SDK. */
  @Override
  public void run() {
    ClassFileTransformer byteBuddy = null;
    try {
      List<InstrumentationModule> all = Modules.all();
      List<String> names = new ArrayList<>();
      for (InstrumentationModule module : all) {
        names.add(module.name());
      }
      Settings settings = Settings.load(arguments, names);
      AgentLog.setLevel(settings.logLevel());
      Settings.makeCurrent(settings);
      AgentLog.debug((atJvmStart ? "premain" : "agentmain") + " took " + micros(premainNanos) + " µs");

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
      Set<String> targetNames = new HashSet<>();
      byteBuddy = new AdviceWeaver(instrumentation, enabled, agentLoader, targetNames);
      filter.settle(byteBuddy);
      AgentLog.debug("transformer ready " + sinceStart(premainStartNanos));
      // At JVM start only the target classes that passed the filter while it waited need another
      // look; after an attach, every target class the application had already loaded.
      Set<Class<?>> swept = new HashSet<>();
      Runnable sweep = atJvmStart
          ? () -> retransformLoaded(instrumentation, filter.passedUntransformed(), swept)
          : () -> retransformLoaded(instrumentation, targetNames, swept);
      sweep.run();
      waitForStartDelay(settings.metricsStartDelayMillis());
      startTelemetry(settings, enabled, sweep);
      AgentLog.info("Earshot " + AgentVersion.VERSION + " started, measuring " + String.join(", ", enabledNames));
      AgentLog.debug("metrics ready " + sinceStart(premainStartNanos));
    } catch (Throwable t) {
      AgentLog.error("the agent could not start; the application runs without it", t);
      Telemetry.publish(OpenTelemetry.noop()); // releases the startup buffer, if it is still held
    } finally {
      // Never leave a loading class waiting: without a transformer, classes load as they are.
      filter.settle(byteBuddy);
    }
  }

  /** {@link Settings#metricsStartDelayMillis}, counted from premain. */
  private void waitForStartDelay(int delayMillis) throws InterruptedException {
    long remaining = TimeUnit.MILLISECONDS.toNanos(delayMillis) - (System.nanoTime() - premainStartNanos);
    if (remaining > 0) {
      AgentLog.debug("metrics start in " + TimeUnit.NANOSECONDS.toMillis(remaining) + " ms (" + Settings.METRICS_START_DELAY_MS + ")");
      TimeUnit.NANOSECONDS.sleep(remaining);
    }
  }

  private static long micros(long nanos) {
    return TimeUnit.NANOSECONDS.toMicros(nanos);
  }

  /**
   * Wall time since premain was called, CPU time and heap allocated by this thread, for the debug
   * log (the management beans load only then).
   */
  private static String sinceStart(long premainStartNanos) {
    if (!AgentLog.isDebugEnabled()) {
      return "";
    }
    java.lang.management.ThreadMXBean threads = java.lang.management.ManagementFactory.getThreadMXBean();
    long cpu = threads.getCurrentThreadCpuTime();
    long allocated = threads instanceof com.sun.management.ThreadMXBean
        ? ((com.sun.management.ThreadMXBean) threads).getCurrentThreadAllocatedBytes() : -1;
    return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - premainStartNanos) + " ms after premain started ("
        + TimeUnit.NANOSECONDS.toMillis(cpu) + " ms CPU and " + (allocated >> 20) + " MiB allocated on the initialisation thread)";
  }

  /** @param beforeReady runs once the SDK is built, just before the agent shows itself ready */
  private static void startTelemetry(Settings settings, List<InstrumentationModule> enabled, Runnable beforeReady) {
    OpenTelemetrySdk sdk;
    try {
      sdk = MetricsSdk.build(settings);
    } catch (Throwable t) {
      AgentLog.error("metrics could not be started; the application runs on without them", t);
      // Releases the startup buffer: instruments record into nothing from now on.
      Telemetry.publish(OpenTelemetry.noop());
      return;
    }
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
  }

  /**
   * Target classes loaded before the transformer was added (by the application while the agent
   * started in the background, or before an agentmain attach) are retransformed now.
   */
  private static void retransformLoaded(Instrumentation instrumentation, Set<String> targetNames, Set<Class<?>> done) {
    if (targetNames.isEmpty()) {
      return; // the usual case at JVM start: no need to list the thousands of loaded classes
    }
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
}
