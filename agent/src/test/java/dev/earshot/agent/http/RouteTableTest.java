package dev.earshot.agent.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.earshot.agent.core.CardinalityLimit;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class RouteTableTest {

  @Test
  void sameTemplateIsTheSameRoute() {
    RouteTable table = new RouteTable(100);
    Route route = table.forTemplate("/api/sessions/{id}");
    assertThat(route.template()).isEqualTo("/api/sessions/{id}");
    assertThat(table.forTemplate("/api/sessions/{id}")).isSameAs(route);
  }

  @Test
  void pathsAreNormalisedSoIdsShareOneRoute() {
    RouteTable table = new RouteTable(100);
    Route first = table.forPath("/users/1");
    assertThat(first.template()).isEqualTo("/users/{id}");
    assertThat(table.forPath("/users/2")).isSameAs(first);
    assertThat(table.forPath("/users/3?x=1")).isSameAs(first);
    assertThat(table.forTemplate("/users/{id}")).isSameAs(first);
  }

  @Test
  void routesBeyondTheBoundAreOther() {
    RouteTable table = new RouteTable(3);
    Route a = table.forTemplate("/a");
    table.forTemplate("/b");
    table.forTemplate("/c");
    assertThat(table.forTemplate("/d").template()).isEqualTo(RouteTable.OTHER_NAME).isEqualTo("OTHER");
    assertThat(table.forPath("/e").template()).isEqualTo("OTHER");
    // Routes registered before the bound keep their names.
    assertThat(table.forTemplate("/a")).isSameAs(a);
    assertThat(table.forPath("/c").template()).isEqualTo("/c");
  }

  @Test
  void eachRefusedTemplateIsCountedOnceAsAnOverflow() {
    RouteTable table = new RouteTable(2);
    long before = CardinalityLimit.HTTP_ROUTE.overflows();
    table.forTemplate("/a");
    table.forPath("/b/1");
    assertThat(CardinalityLimit.HTTP_ROUTE.overflows()).isEqualTo(before);
    for (int i = 0; i < 5; i++) {
      assertThat(table.forTemplate("/c").template()).isEqualTo("OTHER");
      assertThat(table.forPath("/d/" + i).template()).isEqualTo("OTHER"); // one template, /d/{id}
      assertThat(table.forPath("/b/" + i).template()).isEqualTo("/b/{id}");
    }
    // Two distinct templates did not fit: /c and /d/{id}, whatever the number of requests or raw paths.
    assertThat(CardinalityLimit.HTTP_ROUTE.overflows()).isEqualTo(before + 2);
    // Unusable paths are not routes: reported as OTHER, but no limit folded them.
    table.forPath("/" + "x".repeat(300));
    assertThat(CardinalityLimit.HTTP_ROUTE.overflows()).isEqualTo(before + 2);
  }

  @Test
  void missingOrUnusableRoutesAreOther() {
    RouteTable table = new RouteTable(100);
    assertThat(table.forTemplate(null).template()).isEqualTo("OTHER");
    assertThat(table.forPath(null).template()).isEqualTo("OTHER");
    assertThat(table.forPath("/" + "x".repeat(300)).template()).isEqualTo("OTHER");
    assertThat(table.forPath("/a".repeat(20)).template()).isEqualTo("OTHER");
    assertThat(table.forTemplate("/" + "t".repeat(256)).template()).isEqualTo("OTHER");
    // None of these used up a slot.
    for (int i = 0; i < 100; i++) {
      assertThat(table.forTemplate("/r" + i).template()).isEqualTo("/r" + i);
    }
    assertThat(table.forTemplate("/r100").template()).isEqualTo("OTHER");
  }

  @Test
  void tenThousandDistinctPathsMakeAtMostMaxRoutesPlusOther() {
    RouteTable table = new RouteTable(100);
    Set<String> templates = new java.util.HashSet<>();
    List<Route> firstRoutes = new ArrayList<>();
    for (int i = 0; i < 10_000; i++) {
      Route route = table.forPath("/r/" + word(i));
      templates.add(route.template());
      if (i < 5) {
        firstRoutes.add(route);
      }
    }
    assertThat(templates).hasSize(101).contains("OTHER");
    // Past the memo of raw paths, a path still resolves to the route it had.
    for (int i = 0; i < 5; i++) {
      assertThat(table.forPath("/r/" + word(i))).isSameAs(firstRoutes.get(i));
    }
    assertThat(table.forPath("/r/" + word(9_999)).template()).isEqualTo("OTHER");
  }

  @Test
  void memoOfRawPathsIsBoundedInCountAndNeverHoldsLongPaths() {
    RouteTable table = new RouteTable(100);
    // Long paths (the JDK server accepts request lines of hundreds of kilobytes) are never kept.
    String padding = "x".repeat(RouteTable.MAX_MEMOISED_PATH_LENGTH);
    for (int i = 0; i < 1_000; i++) {
      assertThat(table.forPath("/r/" + i + "/" + padding).template()).isEqualTo("OTHER");
    }
    // A long raw path that is a route once its query is dropped still resolves to it, unmemoised.
    assertThat(table.forPath("/users/42?" + padding).template()).isEqualTo("/users/{id}");
    assertThat(table.memoisedPaths()).isZero();
    // Short paths are memoised, up to a fixed count.
    for (int i = 0; i < 10_000; i++) {
      table.forPath("/r/" + word(i));
    }
    assertThat(table.memoisedPaths()).isEqualTo(4096);
  }

  @Test
  void concurrentRegistrationNeverExceedsTheBound() throws Exception {
    RouteTable table = new RouteTable(100);
    Set<String> seen = ConcurrentHashMap.newKeySet();
    ExecutorService pool = Executors.newFixedThreadPool(8);
    CountDownLatch go = new CountDownLatch(1);
    try {
      List<Future<?>> futures = new ArrayList<>();
      for (int t = 0; t < 8; t++) {
        int thread = t;
        futures.add(pool.submit(() -> {
          go.await();
          for (int i = 0; i < 2_000; i++) {
            seen.add(table.forTemplate("/t" + thread + "/" + word(i)).template());
          }
          return null;
        }));
      }
      go.countDown();
      for (Future<?> future : futures) {
        future.get(30, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(seen).hasSize(101).contains("OTHER");
  }

  /** A letters-only word per number, never id-like. */
  private static String word(int n) {
    StringBuilder word = new StringBuilder("w");
    do {
      word.append((char) ('a' + n % 26));
      n /= 26;
    } while (n > 0);
    return word.toString();
  }
}
