package dev.earshot.sample.ratelimit;

/**
 * A classic token bucket: holds up to {@code capacity} tokens, refills continuously at {@code
 * capacity} tokens per window, and each permitted action takes one token.
 *
 * <p>Continuous refill (rather than a fixed window that resets) avoids letting a client burst
 * twice the limit across a window boundary. Time is passed in as nanoseconds from a monotonic
 * clock so the bucket is deterministic under test.
 *
 * <p>Not thread-safe; {@link ClientRateLimiter} serialises access.
 */
final class TokenBucket {

  private static final long NANOS_PER_SECOND = 1_000_000_000L;

  private final double capacity;
  private final double tokensPerNano;
  private double tokens;
  private long lastRefillNanos;

  TokenBucket(int capacity, long windowNanos, long nowNanos) {
    if (capacity < 1) {
      throw new IllegalArgumentException("capacity must be at least 1");
    }
    if (windowNanos < 1) {
      throw new IllegalArgumentException("window must be positive");
    }
    this.capacity = capacity;
    this.tokensPerNano = capacity / (double) windowNanos;
    this.tokens = capacity;
    this.lastRefillNanos = nowNanos;
  }

  /**
   * Takes one token if available.
   *
   * @return 0 if the action is permitted, otherwise the whole number of seconds (at least 1) after
   *     which one token will be available again, suitable for a {@code Retry-After} header
   */
  long tryTake(long nowNanos) {
    refill(nowNanos);
    if (tokens >= 1.0) {
      tokens -= 1.0;
      return 0;
    }
    double nanosUntilToken = (1.0 - tokens) / tokensPerNano;
    long seconds = (long) Math.ceil(nanosUntilToken / NANOS_PER_SECOND);
    return Math.max(1, seconds);
  }

  private void refill(long nowNanos) {
    long elapsed = nowNanos - lastRefillNanos;
    if (elapsed > 0) {
      tokens = Math.min(capacity, tokens + elapsed * tokensPerNano);
      lastRefillNanos = nowNanos;
    }
  }
}
