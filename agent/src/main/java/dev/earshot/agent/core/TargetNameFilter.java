package dev.earshot.agent.core;

import java.lang.instrument.ClassFileTransformer;
import java.lang.instrument.IllegalClassFormatException;
import java.security.ProtectionDomain;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The transformer registered with the JVM: stands in front of ByteBuddy's and passes it only the
 * classes some instrumentation names. Every class the application loads goes through the JVM's
 * transformers on the loading thread; a set lookup here keeps that cost to nanoseconds, where
 * ByteBuddy would build a type description and run its matchers for each of the thousands of
 * classes of a web application.
 *
 * <p>It is registered in premain, before the application's first class, while ByteBuddy's
 * transformer is still being built on the agent's initialisation thread (that takes a few hundred
 * milliseconds premain must not cost). A target class that loads in that window waits for it, so
 * it is instrumented from its first use: nothing the application does after premain returns is
 * missed. The wait is bounded; a class that still passes untransformed (the wait timed out, or the
 * initialisation thread loaded it itself) is remembered and retransformed as soon as ByteBuddy is
 * ready.
 */
final class TargetNameFilter implements ClassFileTransformer {

  /** Longer than building ByteBuddy's transformer ever takes, short enough not to hang a start. */
  static final long MAX_WAIT_MILLIS = 10_000;

  /** Internal names, {@code com/sun/net/httpserver/Filter$Chain}, as the JVM passes them. */
  private final Set<String> internalNames;
  private final CountDownLatch settled = new CountDownLatch(1);
  private final Set<String> passedUntransformed = ConcurrentHashMap.newKeySet();
  private volatile ClassFileTransformer byteBuddy;
  private volatile Thread initialisation;

  TargetNameFilter(Set<String> internalNames) {
    this.internalNames = internalNames;
  }

  /** The thread that builds ByteBuddy's transformer: classes it loads itself must not wait for it. */
  void builtBy(Thread thread) {
    initialisation = thread;
  }

  /** ByteBuddy's transformer is ready (or null: it could not be built); waiting loads go on. */
  void settle(ClassFileTransformer transformer) {
    byteBuddy = transformer;
    settled.countDown();
  }

  /** Binary names of target classes that were defined without transformation (see the class comment). */
  Set<String> passedUntransformed() {
    Set<String> names = ConcurrentHashMap.newKeySet();
    for (String internalName : passedUntransformed) {
      names.add(internalName.replace('/', '.'));
    }
    return names;
  }

  @Override
  public byte[] transform(ClassLoader loader, String className, Class<?> redefined, ProtectionDomain domain, byte[] bytes)
      throws IllegalClassFormatException {
    if (className == null || !internalNames.contains(className)) {
      return null;
    }
    ClassFileTransformer transformer = ready(className);
    return transformer == null ? null : transformer.transform(loader, className, redefined, domain, bytes);
  }

  /** The module-aware variant: ByteBuddy needs the module to give woven JDK classes a read edge to the bridge. */
  @Override
  public byte[] transform(Module module, ClassLoader loader, String className, Class<?> redefined, ProtectionDomain domain, byte[] bytes)
      throws IllegalClassFormatException {
    if (className == null || !internalNames.contains(className)) {
      return null;
    }
    ClassFileTransformer transformer = ready(className);
    return transformer == null ? null : transformer.transform(module, loader, className, redefined, domain, bytes);
  }

  private ClassFileTransformer ready(String className) {
    ClassFileTransformer transformer = byteBuddy;
    if (transformer != null) {
      return transformer;
    }
    if (Thread.currentThread() != initialisation) {
      try {
        settled.await(MAX_WAIT_MILLIS, TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      transformer = byteBuddy;
    }
    if (transformer == null) {
      passedUntransformed.add(className);
    }
    return transformer;
  }
}
