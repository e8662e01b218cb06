package dev.earshot.agent.it.websocket;

import dev.earshot.agent.it.support.PrometheusText;
import java.util.Map;
import java.util.TreeMap;

/**
 * Prometheus names of the WebSocket and voice metrics, and reads of one endpoint's series: their
 * values, or with a baseline scrape, how much they changed since it (connections of one route
 * template share its series, so a scenario measures its own share).
 */
final class WsMetrics {

  static final String ACTIVE = "websocket_connections_active";
  static final String CLOSES = "websocket_closes_total";
  static final String DURATION_COUNT = "websocket_connection_duration_seconds_count";
  static final String SENT = "websocket_messages_sent_total";
  static final String RECEIVED = "websocket_messages_received_total";
  static final String PAYLOAD_SENT = "websocket_payload_sent_bytes_total";
  static final String PAYLOAD_RECEIVED = "websocket_payload_received_bytes_total";
  static final String SEND_COUNT = "websocket_send_duration_seconds_count";
  static final String TURNS = "conversation_turns_total";
  static final String INTERRUPTIONS = "conversation_interruptions_total";
  static final String RESPONSES = "conversation_responses_total";
  static final String AGENT_ERRORS = "earshot_agent_errors_total";

  private final PrometheusText text;
  private final PrometheusText baseline;
  private final String side;
  private final String endpoint;

  WsMetrics(PrometheusText text, String side, String endpoint) {
    this(text, null, side, endpoint);
  }

  /** @param baseline an earlier scrape: every read is then the change since it (null: absolute values) */
  WsMetrics(PrometheusText text, PrometheusText baseline, String side, String endpoint) {
    this.text = text;
    this.baseline = baseline;
    this.side = side;
    this.endpoint = endpoint;
  }

  double sum(String name, String... labels) {
    String[] all = new String[labels.length + 4];
    all[0] = "websocket_side";
    all[1] = side;
    all[2] = "websocket_endpoint";
    all[3] = endpoint;
    System.arraycopy(labels, 0, all, 4, labels.length);
    return text.sum(name, all) - (baseline == null ? 0 : baseline.sum(name, all));
  }

  double sent(String type) {
    return sum(SENT, "websocket_message_type", type);
  }

  double received(String type) {
    return sum(RECEIVED, "websocket_message_type", type);
  }

  double closes(int code, String initiator) {
    return sum(CLOSES, "websocket_close_code", Integer.toString(code), "websocket_close_initiator", initiator);
  }

  double allCloses() {
    return sum(CLOSES);
  }

  /** Sends recorded with an {@code error.type}. */
  double sendErrors() {
    return sendErrors(text) - (baseline == null ? 0 : sendErrors(baseline));
  }

  private double sendErrors(PrometheusText scrape) {
    return scrape.series(SEND_COUNT, "websocket_side", side, "websocket_endpoint", endpoint).stream()
        .filter(s -> s.label("error_type") != null).mapToDouble(PrometheusText.Sample::value).sum();
  }

  double active() {
    return sum(ACTIVE);
  }

  double turns(String role) {
    return sum(TURNS, "conversation_role", role);
  }

  double responses(String status) {
    return sum(RESPONSES, "conversation_response_status", status);
  }

  /**
   * Every series of this endpoint, by name and labels, with its value (or change since the
   * baseline), but not the bucket and sum series of histograms: those measure time, the rest counts.
   */
  Map<String, Double> counts() {
    Map<String, Double> counts = new TreeMap<>();
    for (PrometheusText.Sample sample : text.samples()) {
      if (sample.name().endsWith("_bucket") || sample.name().endsWith("_sum")
          || !sample.has("websocket_side", side, "websocket_endpoint", endpoint)) {
        continue;
      }
      double previous = baseline == null ? 0 : baseline.samples().stream()
          .filter(before -> before.name().equals(sample.name()) && before.labels().equals(sample.labels()))
          .mapToDouble(PrometheusText.Sample::value).sum();
      Map<String, String> sorted = new TreeMap<>(sample.labels());
      sorted.remove("websocket_endpoint");
      counts.put(sample.name() + sorted, sample.value() - previous);
    }
    return counts;
  }

  static double agentErrors(PrometheusText text, String instrumentation) {
    return text.sum(AGENT_ERRORS, "earshot_instrumentation", instrumentation);
  }
}
