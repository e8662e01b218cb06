package dev.earshot.sample.openai.simulator;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counters served by {@code GET /_simulator/stats}, so a test can check what the client really
 * did (how many attempts a retry made, whether a stream was abandoned) from the server side.
 */
final class SimulatorStats {

  private final LongAdder requests = new LongAdder();
  private final Map<String, LongAdder> byEndpoint = new ConcurrentHashMap<>();
  private final Map<Integer, LongAdder> byStatus = new ConcurrentHashMap<>();
  private final LongAdder injected429 = new LongAdder();
  private final LongAdder injected500 = new LongAdder();
  private final LongAdder injectedOther = new LongAdder();
  private final LongAdder rateLimited = new LongAdder();
  private final LongAdder streamsCut = new LongAdder();
  private final LongAdder clientDisconnects = new LongAdder();
  private final AtomicLong lastRetryCount = new AtomicLong(-1);
  private final AtomicLong inFlight = new AtomicLong();

  void request(String endpoint) {
    requests.increment();
    byEndpoint.computeIfAbsent(endpoint, key -> new LongAdder()).increment();
  }

  void status(int status) {
    byStatus.computeIfAbsent(status, key -> new LongAdder()).increment();
  }

  void injected(int status) {
    (status == 429 ? injected429 : status == 500 ? injected500 : injectedOther).increment();
  }

  void rateLimited() {
    rateLimited.increment();
  }

  void streamCut() {
    streamsCut.increment();
  }

  void clientDisconnect() {
    clientDisconnects.increment();
  }

  /** The SDK's {@code X-Stainless-Retry-Count} of the latest request, -1 when it sent none. */
  void retryCount(String header) {
    long value = -1;
    if (header != null) {
      try {
        value = Long.parseLong(header.trim());
      } catch (NumberFormatException e) {
        value = -1;
      }
    }
    lastRetryCount.set(value);
  }

  void started() {
    inFlight.incrementAndGet();
  }

  void finished() {
    inFlight.decrementAndGet();
  }

  long inFlight() {
    return inFlight.get();
  }

  long clientDisconnects() {
    return clientDisconnects.sum();
  }

  void reset() {
    requests.reset();
    byEndpoint.clear();
    byStatus.clear();
    injected429.reset();
    injected500.reset();
    injectedOther.reset();
    rateLimited.reset();
    streamsCut.reset();
    clientDisconnects.reset();
    lastRetryCount.set(-1);
  }

  Map<String, Object> toJson(int pendingForcedFaults) {
    Map<String, Long> endpoints = new TreeMap<>();
    byEndpoint.forEach((key, value) -> endpoints.put(key, value.sum()));
    Map<String, Long> statuses = new TreeMap<>();
    byStatus.forEach((key, value) -> statuses.put(Integer.toString(key), value.sum()));
    return Json.obj(
        "requests", requests.sum(),
        "byEndpoint", endpoints,
        "byStatus", statuses,
        "injectedFaults",
            Json.obj("429", injected429.sum(), "500", injected500.sum(), "other", injectedOther.sum()),
        "rateLimited", rateLimited.sum(),
        "streamsCut", streamsCut.sum(),
        "clientDisconnects", clientDisconnects.sum(),
        "lastRetryCount", lastRetryCount.get(),
        "inFlight", inFlight.get(),
        "pendingForcedFaults", pendingForcedFaults);
  }
}
