package dev.earshot.agent.core;

import java.lang.instrument.ClassFileTransformer;
import java.lang.instrument.IllegalClassFormatException;
import java.security.ProtectionDomain;
import java.util.Set;

/**
 * Stands in front of ByteBuddy's transformer and passes it only the classes some instrumentation
 * names. Every class the application loads goes through the JVM's transformers on the loading
 * thread; a set lookup here keeps that cost to nanoseconds, where ByteBuddy would build a type
 * description and run its matchers for each of the thousands of classes of a web application.
 */
final class TargetNameFilter implements ClassFileTransformer {

  private final ClassFileTransformer byteBuddy;
  /** Internal names, {@code com/sun/net/httpserver/Filter$Chain}, as the JVM passes them. */
  private final Set<String> internalNames;

  TargetNameFilter(ClassFileTransformer byteBuddy, Set<String> internalNames) {
    this.byteBuddy = byteBuddy;
    this.internalNames = internalNames;
  }

  @Override
  public byte[] transform(ClassLoader loader, String className, Class<?> redefined, ProtectionDomain domain, byte[] bytes)
      throws IllegalClassFormatException {
    return className != null && internalNames.contains(className)
        ? byteBuddy.transform(loader, className, redefined, domain, bytes)
        : null;
  }

  /** The module-aware variant: ByteBuddy needs the module to give woven JDK classes a read edge to the bridge. */
  @Override
  public byte[] transform(Module module, ClassLoader loader, String className, Class<?> redefined, ProtectionDomain domain, byte[] bytes)
      throws IllegalClassFormatException {
    return className != null && internalNames.contains(className)
        ? byteBuddy.transform(module, loader, className, redefined, domain, bytes)
        : null;
  }
}
