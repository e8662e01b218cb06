package dev.earshot.agent.core;

import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.matcher.ElementMatcher;

/** One intercepted type: which types, and which advice class goes on which methods. */
public interface TypeInstrumentation {

  /** Name-based wherever possible: this runs for every class the matching class loaders load. */
  ElementMatcher<TypeDescription> typeMatcher();

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
