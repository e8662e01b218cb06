package dev.earshot.sample.ratelimit;

import java.time.Duration;

/**
 * Thrown when a client exceeds its rate limit; the HTTP layer turns it into {@code 429 Too Many
 * Requests} with a {@code Retry-After} header of {@link #retryAfterSeconds()}.
 *
 * <p>It is an expected outcome, not a bug, so it carries no stack trace.
 */
public final class RateLimitExceededException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final long retryAfterSeconds;

  public RateLimitExceededException(int limit, Duration window, long retryAfterSeconds) {
    super(
        "Rate limit of " + limit + " per " + window.toSeconds() + " s exceeded; retry after "
            + retryAfterSeconds + " s",
        null,
        false,
        false);
    this.retryAfterSeconds = retryAfterSeconds;
  }

  public long retryAfterSeconds() {
    return retryAfterSeconds;
  }
}
