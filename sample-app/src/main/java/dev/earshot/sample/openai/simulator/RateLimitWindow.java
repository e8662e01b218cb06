package dev.earshot.sample.openai.simulator;

import java.math.BigDecimal;
import java.util.concurrent.TimeUnit;

/**
 * The account-wide request and token budget behind the {@code x-ratelimit-*} headers.
 *
 * <p>A fixed window: the first request opens a window of {@link
 * SimulatorConfig#rateLimitWindowSeconds()}; within it the remaining requests and tokens only go
 * down, and when it ends both are full again. (OpenAI replenishes continuously; a fixed window
 * keeps the numbers a test sees strictly decreasing, which is what clients and dashboards care
 * about.) The reset headers say how long until the budget is full again, in OpenAI's (Go's)
 * duration format: {@code "1s"}, {@code "6m0s"}, {@code "59.527s"}, {@code "120ms"}.
 */
final class RateLimitWindow {

  /** What the headers of one response say. */
  record Snapshot(
      long limitRequests,
      long remainingRequests,
      long limitTokens,
      long remainingTokens,
      String resetRequests,
      String resetTokens) {}

  private boolean open;
  private long windowStartNanos;
  private long usedRequests;
  private long usedTokens;

  /** Counts one request; returns false (counting nothing) when enforcing and none is left. */
  synchronized boolean tryAcquireRequest(long nowNanos, SimulatorConfig config) {
    roll(nowNanos, config);
    if (config.enforceRateLimits() && usedRequests >= config.rateLimitRequests()) {
      return false;
    }
    usedRequests++;
    return true;
  }

  /** Counts {@code tokens}; returns false (counting nothing) when enforcing and they exceed the rest. */
  synchronized boolean tryAcquireTokens(long nowNanos, long tokens, SimulatorConfig config) {
    roll(nowNanos, config);
    if (config.enforceRateLimits() && usedTokens + tokens > config.rateLimitTokens()) {
      return false;
    }
    usedTokens += tokens;
    return true;
  }

  synchronized Snapshot snapshot(long nowNanos, SimulatorConfig config) {
    roll(nowNanos, config);
    long untilReset =
        open ? Math.max(0, windowStartNanos + windowNanos(config) - nowNanos) : 0;
    return new Snapshot(
        config.rateLimitRequests(),
        Math.max(0, config.rateLimitRequests() - usedRequests),
        config.rateLimitTokens(),
        Math.max(0, config.rateLimitTokens() - usedTokens),
        usedRequests == 0 ? "0s" : goDuration(untilReset),
        usedTokens == 0 ? "0s" : goDuration(untilReset));
  }

  /** Nanoseconds until the current window ends (0 when none is open). */
  synchronized long nanosUntilReset(long nowNanos, SimulatorConfig config) {
    roll(nowNanos, config);
    return open ? Math.max(0, windowStartNanos + windowNanos(config) - nowNanos) : 0;
  }

  synchronized void reset() {
    open = false;
    usedRequests = 0;
    usedTokens = 0;
  }

  private void roll(long nowNanos, SimulatorConfig config) {
    if (!open || nowNanos - windowStartNanos >= windowNanos(config)) {
      open = true;
      windowStartNanos = nowNanos;
      usedRequests = 0;
      usedTokens = 0;
    }
  }

  private static long windowNanos(SimulatorConfig config) {
    return TimeUnit.SECONDS.toNanos(config.rateLimitWindowSeconds());
  }

  /**
   * Formats like Go's {@code time.Duration.String()} at millisecond precision: {@code "0s"},
   * {@code "250ms"}, {@code "1s"}, {@code "17.153s"}, {@code "6m0s"}, {@code "1h0m0s"}.
   */
  static String goDuration(long nanos) {
    long millis = TimeUnit.NANOSECONDS.toMillis(nanos);
    if (millis <= 0) {
      return nanos > 0 ? "1ms" : "0s";
    }
    if (millis < 1_000) {
      return millis + "ms";
    }
    long hours = millis / 3_600_000;
    long minutes = (millis / 60_000) % 60;
    long secondMillis = millis % 60_000;
    StringBuilder out = new StringBuilder();
    if (hours > 0) {
      out.append(hours).append('h');
    }
    if (hours > 0 || minutes > 0) {
      out.append(minutes).append('m');
    }
    BigDecimal seconds = BigDecimal.valueOf(secondMillis, 3).stripTrailingZeros();
    out.append(seconds.scale() < 0 ? seconds.setScale(0).toPlainString() : seconds.toPlainString());
    return out.append('s').toString();
  }
}
