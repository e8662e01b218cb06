package dev.earshot.sample.openai.simulator.realtime;

import dev.earshot.sample.openai.simulator.SimulatorConfig;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * What every Realtime connection of one simulator shares: the live configuration, the counters,
 * the forced faults and one small scheduler that paces all sessions' events.
 *
 * <p>One scheduler for all connections rather than a thread per connection: a session only sends
 * a few small frames every {@code realtimeAudioChunkMs} (sends are asynchronous in Jetty), so two
 * threads carry hundreds of simultaneous conversations, and closing a session leaves no thread
 * behind.
 */
public final class RealtimeService implements AutoCloseable {

  private final Supplier<SimulatorConfig> config;
  private final RealtimeStats stats = new RealtimeStats();
  private final EphemeralKeys ephemeralKeys = new EphemeralKeys();
  private final ConcurrentLinkedQueue<RealtimeFault> faults = new ConcurrentLinkedQueue<>();
  private final AtomicLong connectionSequence = new AtomicLong();
  private final ScheduledThreadPoolExecutor scheduler;

  public RealtimeService(Supplier<SimulatorConfig> config) {
    this.config = config;
    AtomicInteger count = new AtomicInteger();
    this.scheduler = new ScheduledThreadPoolExecutor(2, runnable -> {
      Thread thread = new Thread(runnable, "openai-simulator-realtime-" + count.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    });
    scheduler.setRemoveOnCancelPolicy(true);
    scheduler.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
  }

  /**
   * A new conversation for an accepted upgrade; Jetty calls it back as the connection's listener.
   *
   * @param model the model the session reports (from the URL's {@code model} parameter)
   */
  public RealtimeSimulatorSession newSession(RealtimeDialect dialect, String model) {
    return new RealtimeSimulatorSession(this, dialect, model, connectionSequence.incrementAndGet());
  }

  public RealtimeStats stats() {
    return stats;
  }

  public EphemeralKeys ephemeralKeys() {
    return ephemeralKeys;
  }

  /** Forces {@code fault} on each of the next {@code count} responses, in order. */
  public void failNext(int count, RealtimeFault fault) {
    if (count < 1 || count > 10_000) {
      throw new IllegalArgumentException("count must be between 1 and 10000, was " + count);
    }
    for (int i = 0; i < count; i++) {
      faults.add(fault);
    }
  }

  public int pendingFaults() {
    return faults.size();
  }

  public void clearFaults() {
    faults.clear();
  }

  /** Back to a fresh start: counters, faults and the connection sequence (so ids repeat). */
  public void reset() {
    stats.reset();
    faults.clear();
    connectionSequence.set(0);
  }

  SimulatorConfig config() {
    return config.get();
  }

  RealtimeFault nextFault() {
    return faults.poll();
  }

  /** Runs {@code task} after {@code delayNanos}; null once the simulator is closed. */
  java.util.concurrent.ScheduledFuture<?> schedule(Runnable task, long delayNanos) {
    if (scheduler.isShutdown()) {
      return null;
    }
    try {
      return scheduler.schedule(task, Math.max(0, delayNanos), TimeUnit.NANOSECONDS);
    } catch (java.util.concurrent.RejectedExecutionException e) {
      return null;
    }
  }

  @Override
  public void close() {
    scheduler.shutdownNow();
    try {
      scheduler.awaitTermination(2, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
