package dev.earshot.sample.openai.simulator.realtime;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.earshot.sample.openai.simulator.Seeds;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;

/**
 * Writes server events to one connection: each gets an {@code event_id} and its {@code type} in the
 * connection's {@link RealtimeDialect}, then the fields in the order given (OpenAI's wire order).
 * Sends are asynchronous; Jetty queues frames in order, and the session calls this class only
 * while holding its lock, so events leave in the order they were written.
 */
final class RealtimeEventWriter {

  static final ObjectMapper MAPPER = JsonMapper.builder().build();

  private final Session session;
  private final RealtimeDialect dialect;
  private final SplittableRandom random;
  private final RealtimeStats stats;

  RealtimeEventWriter(Session session, RealtimeDialect dialect, SplittableRandom random, RealtimeStats stats) {
    this.session = session;
    this.dialect = dialect;
    this.random = random;
    this.stats = stats;
  }

  RealtimeDialect dialect() {
    return dialect;
  }

  /** An id with OpenAI's shape, e.g. {@code item_} + 21 base62 characters, deterministic per connection. */
  String newId(String prefix) {
    return prefix + Seeds.base62(random, 21);
  }

  /** Sends the GA event {@code gaType} with alternating field names and values. */
  void send(String gaType, Object... fieldsAndValues) {
    Map<String, Object> event = new LinkedHashMap<>();
    event.put("event_id", newId("event_"));
    event.put("type", dialect.type(gaType));
    for (int i = 0; i < fieldsAndValues.length; i += 2) {
      event.put((String) fieldsAndValues[i], fieldsAndValues[i + 1]);
    }
    if (!session.isOpen()) {
      return;
    }
    try {
      // A failed send means the client went away; onWebSocketClose/Error does the cleanup.
      session.sendText(MAPPER.writeValueAsString(event), Callback.NOOP);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot serialise a Realtime event", e);
    }
  }

  /**
   * An {@code error} event; the connection stays open, as OpenAI keeps it open after a bad client
   * event.
   *
   * @param clientEventId the offending client event's {@code event_id}, if it had one
   */
  void error(String type, String code, String message, String param, String clientEventId) {
    stats.errorEvent();
    send("error", "error", RealtimeJson.obj(
        "type", type, "code", code, "message", message, "param", param, "event_id", clientEventId));
  }

  void invalidRequest(String code, String message, String param, String clientEventId) {
    error("invalid_request_error", code, message, param, clientEventId);
  }

  /** Drops the connection without a close frame. */
  void disconnect() {
    session.disconnect();
  }

  void close(int code, String reason) {
    session.close(code, reason, Callback.NOOP);
  }
}
