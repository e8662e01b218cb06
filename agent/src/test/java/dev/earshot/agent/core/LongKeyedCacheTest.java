package dev.earshot.agent.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class LongKeyedCacheTest {

  @Test
  void getAndPut() {
    LongKeyedCache<String> cache = new LongKeyedCache<>(16);
    assertThat(cache.get(42)).isNull();
    assertThat(cache.size()).isZero();
    assertThat(cache.putIfAbsent(42, "a")).isEqualTo("a");
    assertThat(cache.get(42)).isEqualTo("a");
    // The first value stays; a later put returns it.
    assertThat(cache.putIfAbsent(42, "b")).isEqualTo("a");
    assertThat(cache.get(42)).isEqualTo("a");
    assertThat(cache.size()).isEqualTo(1);
    assertThat(cache.get(43)).isNull();
  }

  @Test
  void zeroAndExtremeKeysAreOrdinaryKeys() {
    LongKeyedCache<String> cache = new LongKeyedCache<>(16);
    long[] keys = {0, -1, 1, Long.MIN_VALUE, Long.MAX_VALUE};
    for (long key : keys) {
      cache.putIfAbsent(key, "v" + key);
    }
    for (long key : keys) {
      assertThat(cache.get(key)).isEqualTo("v" + key);
    }
    assertThat(cache.size()).isEqualTo(keys.length);
  }

  @Test
  void storesNothingPastItsCapacity() {
    LongKeyedCache<String> cache = new LongKeyedCache<>(3);
    cache.putIfAbsent(1, "one");
    cache.putIfAbsent(2, "two");
    cache.putIfAbsent(3, "three");
    // Full: the caller gets its own value back, the cache keeps nothing.
    assertThat(cache.putIfAbsent(4, "four")).isEqualTo("four");
    assertThat(cache.get(4)).isNull();
    assertThat(cache.size()).isEqualTo(3);
    // Present keys are still found, and still win over a new value.
    assertThat(cache.putIfAbsent(2, "deux")).isEqualTo("two");
    assertThat(cache.get(1)).isEqualTo("one");
  }

  @Test
  void manyKeysIncludingCollidingPatternsAreAllFound() {
    int n = 4_000;
    LongKeyedCache<Long> cache = new LongKeyedCache<>(n);
    List<Long> keys = new ArrayList<>();
    for (int i = 0; i < n / 2; i++) {
      keys.add((long) i);                // dense
      keys.add((long) (i + 1) << 32);    // only high bits differ
    }
    for (long key : keys) {
      assertThat(cache.putIfAbsent(key, key)).isEqualTo(key);
    }
    assertThat(cache.size()).isEqualTo(n);
    for (long key : keys) {
      assertThat(cache.get(key)).isEqualTo(key);
    }
    assertThat(cache.get(-5)).isNull();
    assertThat(cache.get((long) n << 32)).isNull();
  }

  @Test
  void readersRacingWritersNeverSeeAWrongValue() throws Exception {
    LongKeyedCache<Long> cache = new LongKeyedCache<>(100_000);
    AtomicBoolean writing = new AtomicBoolean(true);
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<Integer>> readers = new ArrayList<>();
      for (int r = 0; r < 3; r++) {
        readers.add(pool.submit(() -> {
          int wrong = 0;
          while (writing.get()) {
            for (long key = 0; key < 5_000; key += 7) {
              Long value = cache.get(key);
              if (value != null && value != key * 3) {
                wrong++;
              }
            }
          }
          return wrong;
        }));
      }
      Future<?> writer = pool.submit(() -> {
        for (long key = 0; key < 5_000; key++) {
          cache.putIfAbsent(key, key * 3);
        }
        writing.set(false);
      });
      writer.get(30, TimeUnit.SECONDS);
      for (Future<Integer> reader : readers) {
        assertThat(reader.get(30, TimeUnit.SECONDS)).isZero();
      }
    } finally {
      writing.set(false);
      pool.shutdownNow();
    }
    assertThat(cache.size()).isEqualTo(5_000);
  }
}
