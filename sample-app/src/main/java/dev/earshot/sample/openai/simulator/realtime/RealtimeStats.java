package dev.earshot.sample.openai.simulator.realtime;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * What the Realtime endpoint saw, for {@code GET /_simulator/stats} (under {@code "realtime"}), so
 * a test can check from the server side how many conversations, turns and responses there were.
 */
public final class RealtimeStats {

  private final LongAdder connections = new LongAdder();
  private final AtomicLong openConnections = new AtomicLong();
  private final LongAdder rejectedUpgrades = new LongAdder();
  private final LongAdder clientEvents = new LongAdder();
  private final LongAdder errorEvents = new LongAdder();
  private final LongAdder speechStarted = new LongAdder();
  private final LongAdder turnsCommitted = new LongAdder();
  private final LongAdder transcriptions = new LongAdder();
  private final LongAdder responses = new LongAdder();
  private final LongAdder responsesCompleted = new LongAdder();
  private final LongAdder responsesCancelled = new LongAdder();
  private final LongAdder responsesFailed = new LongAdder();
  private final LongAdder audioDeltas = new LongAdder();
  private final LongAdder inputAudioMs = new LongAdder();
  private final LongAdder droppedByFault = new LongAdder();
  private final LongAdder closedByFault = new LongAdder();

  void opened() {
    connections.increment();
    openConnections.incrementAndGet();
  }

  void closed() {
    openConnections.decrementAndGet();
  }

  /** An upgrade refused (401): counted by the caller, which answers it. */
  public void rejected() {
    rejectedUpgrades.increment();
  }

  void clientEvent() {
    clientEvents.increment();
  }

  void errorEvent() {
    errorEvents.increment();
  }

  void speechStarted() {
    speechStarted.increment();
  }

  void turnCommitted() {
    turnsCommitted.increment();
  }

  void transcription() {
    transcriptions.increment();
  }

  void responseCreated() {
    responses.increment();
  }

  void responseEnded(String status) {
    switch (status) {
      case "completed" -> responsesCompleted.increment();
      case "cancelled" -> responsesCancelled.increment();
      default -> responsesFailed.increment();
    }
  }

  void audioDelta() {
    audioDeltas.increment();
  }

  void inputAudio(long millis) {
    inputAudioMs.add(millis);
  }

  void dropped() {
    droppedByFault.increment();
  }

  void closedByFault() {
    closedByFault.increment();
  }

  public long openConnections() {
    return openConnections.get();
  }

  /** Zeroes the counters; open connections stay counted, they are still open. */
  public void reset() {
    for (LongAdder adder : new LongAdder[] {connections, rejectedUpgrades, clientEvents, errorEvents, speechStarted,
        turnsCommitted, transcriptions, responses, responsesCompleted, responsesCancelled, responsesFailed,
        audioDeltas, inputAudioMs, droppedByFault, closedByFault}) {
      adder.reset();
    }
  }

  public Map<String, Object> toJson() {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("connections", connections.sum());
    json.put("openConnections", openConnections.get());
    json.put("rejectedUpgrades", rejectedUpgrades.sum());
    json.put("clientEvents", clientEvents.sum());
    json.put("errorEvents", errorEvents.sum());
    json.put("speechStarted", speechStarted.sum());
    json.put("turnsCommitted", turnsCommitted.sum());
    json.put("transcriptions", transcriptions.sum());
    json.put("responses", responses.sum());
    json.put("responsesCompleted", responsesCompleted.sum());
    json.put("responsesCancelled", responsesCancelled.sum());
    json.put("responsesFailed", responsesFailed.sum());
    json.put("audioDeltas", audioDeltas.sum());
    json.put("inputAudioMs", inputAudioMs.sum());
    json.put("droppedByFault", droppedByFault.sum());
    json.put("closedByFault", closedByFault.sum());
    return json;
  }
}
