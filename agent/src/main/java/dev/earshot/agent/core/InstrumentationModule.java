package dev.earshot.agent.core;

import io.opentelemetry.api.OpenTelemetry;
import java.util.List;

/**
 * One instrumented library (or one source of metrics): a name for its on/off switch, the classes a
 * class loader must have for it to apply, and its type instrumentations.
 *
 * <p>Advice and helper classes of a module live in the module's package. They are never loaded by
 * the agent's own class loader: the first call of an advice loads them in a {@link
 * ModuleClassLoader} next to the instrumented library, so they can use the library's types and the
 * agent's recorders alike.
 */
public abstract class InstrumentationModule {

  private final String name;
  private final String[] requiredClasses;

  /**
   * @param name the switch name: {@code earshot.instrumentation.<name>.enabled}
   * @param requiredClasses classes that a class loader must be able to load for this module to
   *     instrument anything in it (the cheap check done before any type matching)
   */
  protected InstrumentationModule(String name, String... requiredClasses) {
    this.name = name;
    this.requiredClasses = requiredClasses.clone();
  }

  public final String name() {
    return name;
  }

  final String[] requiredClasses() {
    return requiredClasses.clone();
  }

  /** Package whose classes are defined next to the instrumented library. */
  final String helperPackagePrefix() {
    return getClass().getPackageName() + ".";
  }

  public List<TypeInstrumentation> typeInstrumentations() {
    return List.of();
  }

  /**
   * Called once the OpenTelemetry SDK is built, on the agent's initialisation thread. Modules that
   * observe metrics (runtime, system) register their callbacks here.
   */
  public void onTelemetryReady(OpenTelemetry openTelemetry) {}
}
