package dev.earshot.bench.soak;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The demo's HTTP traffic (scripts/demo.sh) at a fixed rate, one request per tick in a cycle of
 * eight: create a session, read it, read a missing one (404), health, a streamed chat answer
 * through the OpenAI SDK, delete the session, mint a realtime token, health (every tenth cycle a
 * failing handler instead, 500). Sessions are deleted again so that the assistant's own state
 * stays flat. Requests are asynchronous, at most 64 in flight; a tick that finds 64 in flight is
 * counted as skipped rather than queued.
 */
final class HttpTraffic implements AutoCloseable {

  private static final Pattern SESSION_ID = Pattern.compile("\"id\":\"([^\"]+)\"");
  private static final int MAX_IN_FLIGHT = 64;

  private final String base;
  private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread thread = new Thread(r, "soak-http-traffic");
    thread.setDaemon(true);
    return thread;
  });
  private final Semaphore inFlight = new Semaphore(MAX_IN_FLIGHT);
  private final ConcurrentLinkedQueue<String> sessions = new ConcurrentLinkedQueue<>();
  private final AtomicLong tick = new AtomicLong();
  private final Map<Integer, LongAdder> statuses = new ConcurrentHashMap<>();
  private final LongAdder failed = new LongAdder();
  private final LongAdder skipped = new LongAdder();

  HttpTraffic(String base) {
    this.base = base;
  }

  void start(double perSecond) {
    if (perSecond > 0) {
      long periodMicros = Math.max(1, Math.round(1_000_000 / perSecond));
      ticker.scheduleAtFixedRate(this::next, 0, periodMicros, TimeUnit.MICROSECONDS);
    }
  }

  private void next() {
    long n = tick.getAndIncrement();
    if (!inFlight.tryAcquire()) {
      skipped.increment();
      return;
    }
    HttpRequest request = request(n);
    client.sendAsync(request, HttpResponse.BodyHandlers.ofString()).whenComplete((response, error) -> {
      inFlight.release();
      if (error != null) {
        failed.increment();
        return;
      }
      statuses.computeIfAbsent(response.statusCode(), code -> new LongAdder()).increment();
      if (response.statusCode() == 201 && request.uri().getPath().equals("/api/sessions")) {
        Matcher id = SESSION_ID.matcher(response.body());
        if (id.find() && sessions.size() < 1000) {
          sessions.add(id.group(1));
        }
      }
    });
  }

  private HttpRequest request(long n) {
    String session = sessions.peek();
    return switch ((int) (n % 8)) {
      case 0 -> post("/api/sessions", "{\"voice\":\"alloy\"}");
      case 1 -> get(session != null ? "/api/sessions/" + session : "/health");
      case 2 -> get("/api/sessions/" + UUID.nameUUIDFromBytes(Long.toString(n).getBytes()));
      case 4 -> post("/api/chat", "{\"message\":\"What can you do for me today?\"}");
      case 5 -> {
        String oldest = sessions.poll();
        yield oldest != null ? builder("/api/sessions/" + oldest).DELETE().build() : get("/health");
      }
      case 6 -> post("/rt-token", "{}");
      case 7 -> get((n / 8) % 10 == 9 ? "/api/debug/fail" : "/health");
      default -> get("/health");
    };
  }

  private HttpRequest get(String path) {
    return builder(path).GET().build();
  }

  private HttpRequest post(String path, String json) {
    return builder(path).header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json)).build();
  }

  private HttpRequest.Builder builder(String path) {
    return HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30));
  }

  /** Responses by status code, plus "failed" (no response: connection error, timeout) and "skipped". */
  Map<String, Long> counts() {
    Map<String, Long> counts = new TreeMap<>();
    statuses.forEach((status, count) -> counts.put(Integer.toString(status), count.sum()));
    counts.put("failed", failed.sum());
    counts.put("skipped", skipped.sum());
    return counts;
  }

  long sent() {
    return tick.get() - skipped.sum();
  }

  @Override
  public void close() throws InterruptedException {
    ticker.shutdownNow();
    // Let requests in flight finish (each has a 30 s timeout) so the counts are complete.
    if (inFlight.tryAcquire(MAX_IN_FLIGHT, 35, TimeUnit.SECONDS)) {
      inFlight.release(MAX_IN_FLIGHT);
    }
  }
}
