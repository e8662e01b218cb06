package dev.earshot.agent.bootstrap;

/**
 * Where a throwable raised inside advice goes instead of into the application.
 *
 * <p>Every advice is woven with an exception handler that calls {@link #record}; the woven code
 * lives in application and JDK classes, so this class sits on the bootstrap path where all of them
 * can see it. The agent core installs the {@link Sink} that counts and logs.
 */
public final class AdviceErrors {

  /** Receives suppressed throwables; implemented by the agent core. */
  public interface Sink {
    void record(Throwable error, String instrumentation, String location);
  }

  private static volatile Sink sink;

  private AdviceErrors() {}

  public static void install(Sink newSink) {
    sink = newSink;
  }

  /** Called by woven exception handlers. Never throws. */
  public static void record(Throwable error, String instrumentation, String location) {
    try {
      Sink current = sink;
      if (current != null) {
        current.record(error, instrumentation, location);
      }
    } catch (Throwable ignored) {
      // Reporting an error must not raise one.
    }
  }
}
