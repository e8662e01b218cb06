package dev.earshot.agent.voice;

import dev.earshot.agent.core.Telemetry;
import dev.earshot.agent.openai.GenAiMetrics;
import dev.earshot.agent.openai.ResponseScanner;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.metrics.DoubleHistogram;
import io.opentelemetry.api.metrics.LongCounter;
import java.util.List;

/**
 * The voice recorder: turns the {@link ConversationTracker}'s findings into metrics. One listener
 * per connection, with its attribute sets built once, so a conversation's events allocate
 * nothing. Realtime token usage goes to the GenAI recorder as operation {@code realtime}.
 */
public final class VoiceMetrics {

  static final AttributeKey<String> ROLE = AttributeKey.stringKey("conversation.role");
  static final AttributeKey<String> STATUS = AttributeKey.stringKey("conversation.response.status");
  static final String REALTIME_OPERATION = "realtime";

  /** Voice latencies, seconds: fine around the 200-800 ms a conversation lives by. */
  static final List<Double> LATENCY_BUCKETS =
      List.of(0.05, 0.1, 0.15, 0.2, 0.3, 0.4, 0.5, 0.75, 1.0, 1.5, 2.0, 3.0, 5.0, 10.0);

  private static final String[] STATUS_NAMES = {"unknown", "completed", "cancelled", "failed", "incomplete", "in_progress"};

  static final class Instruments {
    final LongCounter turns;
    final LongCounter interruptions;
    final DoubleHistogram responseLatency;
    final DoubleHistogram bargeInLatency;
    final DoubleHistogram transcriptionDelay;
    final LongCounter responses;

    Instruments() {
      turns = Telemetry.counter("conversation.turns", "{turn}",
          "Conversation turns, by role: a committed user utterance, an assistant response that produced output.");
      interruptions = Telemetry.counter("conversation.interruptions", "{interruption}",
          "Barge-ins: the user speaking (or the client cutting the output) while the assistant answers.");
      responseLatency = Telemetry.histogram("conversation.response.latency", "s",
          "End of the user's speech to the first audio of the answer.", LATENCY_BUCKETS);
      bargeInLatency = Telemetry.histogram("conversation.barge_in.latency", "s",
          "A barge-in to the answer being cut (response cancelled or output audio cleared).", LATENCY_BUCKETS);
      transcriptionDelay = Telemetry.histogram("conversation.transcription.delay", "s",
          "End of the user's speech to its completed transcription.", LATENCY_BUCKETS);
      responses = Telemetry.counter("conversation.responses", "{response}", "Realtime responses, by final status.");
    }
  }

  private static final Instruments instruments = new Instruments();

  private VoiceMetrics() {}

  /**
   * A listener for one connection.
   *
   * @param connection the attributes every voice metric of this connection carries (bounded: side,
   *     endpoint)
   * @param serverAddress the Realtime server's host for token usage, or null on the server side (no token usage recorded there)
   */
  public static ConversationTracker.Listener forConnection(Attributes connection, String serverAddress, int serverPort) {
    return new ConnectionListener(connection, serverAddress, serverPort);
  }

  private static final class ConnectionListener implements ConversationTracker.Listener {
    private final Attributes connection;
    private final Attributes user;
    private final Attributes assistant;
    private final Attributes[] byStatus = new Attributes[STATUS_NAMES.length];
    private final String serverAddress;
    private final int serverPort;

    ConnectionListener(Attributes connection, String serverAddress, int serverPort) {
      this.connection = connection;
      this.user = connection.toBuilder().put(ROLE, "user").build();
      this.assistant = connection.toBuilder().put(ROLE, "assistant").build();
      for (int s = 0; s < STATUS_NAMES.length; s++) {
        byStatus[s] = connection.toBuilder().put(STATUS, STATUS_NAMES[s]).build();
      }
      this.serverAddress = serverAddress;
      this.serverPort = serverPort;
    }

    @Override
    public void userTurn() {
      instruments.turns.add(1, user);
    }

    @Override
    public void assistantTurn() {
      instruments.turns.add(1, assistant);
    }

    @Override
    public void interruption() {
      instruments.interruptions.add(1, connection);
    }

    @Override
    public void voiceResponseLatency(long nanos) {
      instruments.responseLatency.record(nanos / 1e9, connection);
    }

    @Override
    public void bargeInLatency(long nanos) {
      instruments.bargeInLatency.record(nanos / 1e9, connection);
    }

    @Override
    public void transcriptionDelay(long nanos) {
      instruments.transcriptionDelay.record(nanos / 1e9, connection);
    }

    @Override
    public void responseDone(int status, ResponseScanner usage, String model) {
      instruments.responses.add(1, byStatus[status >= 0 && status < byStatus.length ? status : 0]);
      // Token usage is the GenAI client's: on the server side of a Realtime conversation the
      // application produces the response (or relays one whose usage its client side records).
      if (serverAddress != null && usage != null && (usage.inputTokens() >= 0 || usage.outputTokens() >= 0)) {
        GenAiMetrics.recordUsage(REALTIME_OPERATION, model, model, serverAddress, serverPort, usage);
      }
    }
  }
}
