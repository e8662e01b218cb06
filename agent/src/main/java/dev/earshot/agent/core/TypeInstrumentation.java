package dev.earshot.agent.core;

import java.util.Set;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.matcher.ElementMatcher;

/** One intercepted type: which types, and which advice class goes on which methods. */
public interface TypeInstrumentation {

  /**
   * The exact binary names of the instrumented types ({@code com.sun.net.httpserver.Filter$Chain}).
   * Exact names let the agent reject every other class the application loads with one set lookup,
   * before ByteBuddy sees it.
   */
  Set<String> typeNames();

  void transform(AdviceTarget target);

  /** Receives the advice of one type instrumentation. */
  interface AdviceTarget {
    /**
     * @param adviceClassName the advice class, named rather than referenced so that it is never
     *     loaded in the agent's own class loader
     */
    void applyAdvice(ElementMatcher<? super MethodDescription> methods, String adviceClassName);
  }
}
