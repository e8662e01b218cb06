package dev.earshot.agent.bootstrap;

import java.lang.invoke.CallSite;
import java.lang.invoke.ConstantCallSite;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;

/**
 * The bootstrap method of every advice call site.
 *
 * <p>Advice is not inlined into instrumented classes: each advice call is an {@code invokedynamic}
 * instruction whose bootstrap method is {@link #bootstrap}. On first execution the agent core
 * links the call site to the advice method, loaded in a class loader that sees both the
 * instrumented library and the agent (see {@code ModuleClassLoader}); from then on the JIT treats
 * it as a direct static call. A call site that cannot be linked becomes a no-op.
 */
public final class IndyBootstrap {

  /** Links advice call sites; implemented by the agent core. */
  public interface Linker {
    CallSite link(MethodHandles.Lookup caller, String adviceMethod, MethodType type, String instrumentation, String adviceClass);
  }

  private static volatile Linker linker;

  private IndyBootstrap() {}

  public static void install(Linker newLinker) {
    linker = newLinker;
  }

  public static CallSite bootstrap(MethodHandles.Lookup caller, String adviceMethod, MethodType type, Object... arguments) {
    try {
      Linker current = linker;
      if (current != null) {
        return current.link(caller, adviceMethod, type, (String) arguments[0], (String) arguments[1]);
      }
    } catch (Throwable t) {
      AdviceErrors.record(t, String.valueOf(arguments.length > 0 ? arguments[0] : "unknown"), "link " + adviceMethod);
    }
    return new ConstantCallSite(MethodHandles.empty(type));
  }
}
