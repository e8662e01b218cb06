package dev.earshot.sample.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class TokenBucketTest {

  private static final long SECOND = TimeUnit.SECONDS.toNanos(1);

  @Test
  void allowsBurstUpToCapacityThenAsksToWait() {
    TokenBucket bucket = new TokenBucket(3, 60 * SECOND, 0);

    assertThat(bucket.tryTake(0)).isZero();
    assertThat(bucket.tryTake(0)).isZero();
    assertThat(bucket.tryTake(0)).isZero();
    // One token per 20 s.
    assertThat(bucket.tryTake(0)).isEqualTo(20);
    assertThat(bucket.tryTake(5 * SECOND)).isEqualTo(15);
  }

  @Test
  void refillsContinuouslyAndNeverBeyondCapacity() {
    TokenBucket bucket = new TokenBucket(2, 10 * SECOND, 0);
    bucket.tryTake(0);
    bucket.tryTake(0);

    assertThat(bucket.tryTake(5 * SECOND)).isZero(); // one token back after half the window
    assertThat(bucket.tryTake(5 * SECOND)).isEqualTo(5);

    // After a long idle period only `capacity` tokens are available.
    long later = 1_000 * SECOND;
    assertThat(bucket.tryTake(later)).isZero();
    assertThat(bucket.tryTake(later)).isZero();
    assertThat(bucket.tryTake(later)).isPositive();
  }

  @Test
  void retryAfterIsAtLeastOneSecond() {
    TokenBucket bucket = new TokenBucket(1000, SECOND, 0);
    for (int i = 0; i < 1000; i++) {
      assertThat(bucket.tryTake(0)).isZero();
    }

    assertThat(bucket.tryTake(0)).isEqualTo(1);
  }
}
