package dev.earshot.sample.ratelimit;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.LongSupplier;

/**
 * Per-client rate limit: one {@link TokenBucket} per client key (normally the client address).
 *
 * <p>Memory is bounded: at most {@code maxClients} buckets are kept, evicting the least recently
 * used one. A load test from many addresses therefore cannot grow the map without limit; the cost
 * is that an evicted client starts again with a full bucket, which is acceptable for a demo.
 *
 * <p>All methods are synchronised on the limiter. Session creation is cheap and not the hot path
 * of a voice assistant, so a single lock is simpler than striping and is plenty fast.
 */
public final class ClientRateLimiter {

  private final int limit;
  private final Duration window;
  private final long windowNanos;
  private final LongSupplier nanoClock;
  private final Map<String, TokenBucket> buckets;

  /** Uses {@link System#nanoTime()} as the clock. */
  public ClientRateLimiter(int limit, Duration window, int maxClients) {
    this(limit, window, maxClients, System::nanoTime);
  }

  /**
   * @param limit actions allowed per client per window (also the burst size)
   * @param window time in which a client's full allowance is restored
   * @param maxClients maximum number of clients tracked at once
   * @param nanoClock monotonic nanosecond clock; tests pass a fake one
   */
  public ClientRateLimiter(int limit, Duration window, int maxClients, LongSupplier nanoClock) {
    if (limit < 1) {
      throw new IllegalArgumentException("limit must be at least 1, was " + limit);
    }
    if (window.isNegative() || window.isZero()) {
      throw new IllegalArgumentException("window must be positive, was " + window);
    }
    if (maxClients < 1) {
      throw new IllegalArgumentException("maxClients must be at least 1, was " + maxClients);
    }
    this.limit = limit;
    this.window = window;
    this.windowNanos = window.toNanos();
    this.nanoClock = Objects.requireNonNull(nanoClock, "nanoClock");
    this.buckets =
        new LinkedHashMap<>(16, 0.75f, /* accessOrder= */ true) {
          @Override
          protected boolean removeEldestEntry(Map.Entry<String, TokenBucket> eldest) {
            return size() > maxClients;
          }
        };
  }

  /**
   * Records one action by {@code clientKey}.
   *
   * @throws RateLimitExceededException if the client has used up its allowance; the exception
   *     carries the number of seconds to wait
   */
  public void acquire(String clientKey) {
    long retryAfterSeconds = tryAcquire(clientKey);
    if (retryAfterSeconds > 0) {
      throw new RateLimitExceededException(limit, window, retryAfterSeconds);
    }
  }

  /** Like {@link #acquire} but returns 0 when permitted, else the seconds to wait. */
  public synchronized long tryAcquire(String clientKey) {
    long now = nanoClock.getAsLong();
    TokenBucket bucket = buckets.computeIfAbsent(clientKey, key -> new TokenBucket(limit, windowNanos, now));
    return bucket.tryTake(now);
  }

  /** Number of clients currently tracked; for tests and diagnostics. */
  public synchronized int trackedClients() {
    return buckets.size();
  }
}
