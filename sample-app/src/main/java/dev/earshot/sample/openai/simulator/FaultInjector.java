package dev.earshot.sample.openai.simulator;

import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * Decides which requests fail. Forced faults ({@code POST /_simulator/fail-next}) come first, in
 * order, one per request; otherwise the configured 429 and 500 rates are drawn from the
 * request's seeded random numbers, so a sequential run with the same seed fails the same requests.
 */
final class FaultInjector {

  /**
   * A fault for one request.
   *
   * @param status the error status to answer, or 0 for none
   * @param cutAfterChunks when 0 or more, cut the response after this many chunks (a non-streamed
   *     response is cut halfway through its body); -1 = do not cut
   * @param forced whether it came from the fail-next queue
   */
  record Fault(int status, int cutAfterChunks, boolean forced) {

    static final Fault NONE = new Fault(0, -1, false);

    boolean failsWithStatus() {
      return status > 0;
    }
  }

  private final ConcurrentLinkedQueue<Fault> forced = new ConcurrentLinkedQueue<>();

  /** Makes each of the next {@code count} API requests fail with {@code status}. */
  void failNext(int count, int status) {
    if (status < 400 || status > 599) {
      throw new IllegalArgumentException("status must be between 400 and 599, was " + status);
    }
    enqueue(count, new Fault(status, -1, true));
  }

  /** Cuts each of the next {@code count} API responses after {@code chunks} chunks. */
  void cutNext(int count, int chunks) {
    if (chunks < 0) {
      throw new IllegalArgumentException("cutStreamAfterChunks must be at least 0, was " + chunks);
    }
    enqueue(count, new Fault(0, chunks, true));
  }

  int pending() {
    return forced.size();
  }

  void clear() {
    forced.clear();
  }

  /**
   * The fault for one request. Always draws exactly one number from {@code random} first, so the
   * rest of the request's random choices do not depend on whether a fault was forced.
   */
  Fault decide(SplittableRandom random, SimulatorConfig config) {
    double draw = random.nextDouble();
    Fault next = forced.poll();
    if (next != null) {
      return next;
    }
    if (draw < config.error429Rate()) {
      return new Fault(429, -1, false);
    }
    if (draw < config.error429Rate() + config.error500Rate()) {
      return new Fault(500, -1, false);
    }
    return config.cutStreamAfterChunks() >= 0 ? new Fault(0, config.cutStreamAfterChunks(), false) : Fault.NONE;
  }

  private void enqueue(int count, Fault fault) {
    if (count < 1 || count > 10_000) {
      throw new IllegalArgumentException("count must be between 1 and 10000, was " + count);
    }
    for (int i = 0; i < count; i++) {
      forced.add(fault);
    }
  }
}
