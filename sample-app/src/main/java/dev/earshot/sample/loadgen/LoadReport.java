package dev.earshot.sample.loadgen;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/**
 * What the callers saw, summed over all of them. Voice latency is measured on the client, as a
 * caller experiences it: from the end of the last speech frame sent to the first audio of the
 * answer (so it includes the server's end-of-turn silence, transcription, the model and speech).
 */
public final class LoadReport {

  int callers;
  int connected;
  int connectFailures;
  int droppedConnections;
  long turns;
  long committed;
  long transcribed;
  long answers;
  long bargeIns;
  long cancelled;
  long failedResponses;
  long unanswered;
  long errorEvents;
  private final List<Long> latenciesMs = new ArrayList<>();

  synchronized void latency(long ms) {
    latenciesMs.add(ms);
  }

  synchronized void add(LoadReport other) {
    connected += other.connected;
    connectFailures += other.connectFailures;
    droppedConnections += other.droppedConnections;
    turns += other.turns;
    committed += other.committed;
    transcribed += other.transcribed;
    answers += other.answers;
    bargeIns += other.bargeIns;
    cancelled += other.cancelled;
    failedResponses += other.failedResponses;
    unanswered += other.unanswered;
    errorEvents += other.errorEvents;
    latenciesMs.addAll(other.latencies());
  }

  public synchronized List<Long> latencies() {
    return new ArrayList<>(latenciesMs);
  }

  public int callers() {
    return callers;
  }

  public int connected() {
    return connected;
  }

  public int connectFailures() {
    return connectFailures;
  }

  public long turns() {
    return turns;
  }

  public long committed() {
    return committed;
  }

  public long transcribed() {
    return transcribed;
  }

  public long answers() {
    return answers;
  }

  public long bargeIns() {
    return bargeIns;
  }

  public long cancelled() {
    return cancelled;
  }

  public long errorEvents() {
    return errorEvents;
  }

  /** Nearest-rank percentile of the voice latencies in ms, or -1 without samples. */
  public synchronized long percentile(double p) {
    if (latenciesMs.isEmpty()) {
      return -1;
    }
    List<Long> sorted = new ArrayList<>(latenciesMs);
    Collections.sort(sorted);
    int rank = (int) Math.ceil(p / 100.0 * sorted.size());
    return sorted.get(Math.max(0, Math.min(sorted.size() - 1, rank - 1)));
  }

  public String format() {
    return String.join(System.lineSeparator(),
        String.format(Locale.ROOT, "voice callers: %d (%d connected, %d failed to connect, %d dropped)",
            callers, connected, connectFailures, droppedConnections),
        String.format(Locale.ROOT, "turns: %d spoken, %d committed, %d transcribed", turns, committed, transcribed),
        String.format(Locale.ROOT, "answers: %d completed, %d cancelled, %d failed, %d unanswered; barge-ins: %d;"
            + " error events: %d", answers, cancelled, failedResponses, unanswered, bargeIns, errorEvents),
        latenciesMs.isEmpty()
            ? "voice latency: no answers"
            : String.format(Locale.ROOT,
                "voice latency (end of speech to first answer audio): p50 %d ms, p95 %d ms, max %d ms (n=%d)",
                percentile(50), percentile(95), percentile(100), latencies().size()));
  }
}
