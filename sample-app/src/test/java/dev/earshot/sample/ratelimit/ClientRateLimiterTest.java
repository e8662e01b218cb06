package dev.earshot.sample.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ClientRateLimiterTest {

  private final AtomicLong nanos = new AtomicLong();

  @Test
  void limitsEachClientSeparately() {
    ClientRateLimiter limiter = new ClientRateLimiter(2, Duration.ofSeconds(10), 100, nanos::get);

    assertThat(limiter.tryAcquire("a")).isZero();
    assertThat(limiter.tryAcquire("a")).isZero();
    assertThat(limiter.tryAcquire("a")).isEqualTo(5);
    assertThat(limiter.tryAcquire("b")).isZero();

    nanos.addAndGet(Duration.ofSeconds(5).toNanos());
    assertThat(limiter.tryAcquire("a")).isZero();
  }

  @Test
  void acquireThrowsWithRetryAfter() {
    ClientRateLimiter limiter = new ClientRateLimiter(1, Duration.ofSeconds(30), 100, nanos::get);
    limiter.acquire("a");

    assertThatThrownBy(() -> limiter.acquire("a"))
        .isInstanceOfSatisfying(
            RateLimitExceededException.class,
            e -> assertThat(e.retryAfterSeconds()).isEqualTo(30))
        .hasMessage("Rate limit of 1 per 30 s exceeded; retry after 30 s");
  }

  @Test
  void tracksAtMostMaxClientsEvictingTheLeastRecentlySeen() {
    ClientRateLimiter limiter = new ClientRateLimiter(1, Duration.ofSeconds(60), 2, nanos::get);
    limiter.tryAcquire("a");
    limiter.tryAcquire("b");
    limiter.tryAcquire("a"); // a is now more recently seen than b
    limiter.tryAcquire("c"); // evicts b

    assertThat(limiter.trackedClients()).isEqualTo(2);
    assertThat(limiter.tryAcquire("a")).as("a kept its exhausted bucket").isPositive();
    assertThat(limiter.tryAcquire("b")).as("b was evicted and starts afresh").isZero();
  }

  @Test
  void manyDistinctClientsStayBounded() {
    ClientRateLimiter limiter = new ClientRateLimiter(5, Duration.ofSeconds(10), 1_000, nanos::get);
    for (int i = 0; i < 50_000; i++) {
      limiter.tryAcquire("client-" + i);
    }

    assertThat(limiter.trackedClients()).isEqualTo(1_000);
  }
}
