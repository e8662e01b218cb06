package dev.earshot.agent.websocket;

import io.opentelemetry.api.common.Attributes;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * One {@code websocket.side} and {@code websocket.endpoint} pair with every attribute set its
 * connections record, built once: a message or a send then allocates nothing.
 */
final class Endpoint {

  final String name;
  final Attributes connection;
  final Attributes text;
  final Attributes binary;
  /** Close attribute sets by {@link CloseCodes#slot}, two per slot (local, remote initiator). */
  private final AtomicReferenceArray<Attributes> closes = new AtomicReferenceArray<>(CloseCodes.SLOTS * 2);
  private final AtomicReferenceArray<Attributes> durations = new AtomicReferenceArray<>(CloseCodes.SLOTS);

  Endpoint(WebSocketMetrics.Side side, String name) {
    this.name = name;
    this.connection = Attributes.of(WebSocketMetrics.SIDE, side.value, WebSocketMetrics.ENDPOINT, name);
    this.text = connection.toBuilder().put(WebSocketMetrics.MESSAGE_TYPE, "text").build();
    this.binary = connection.toBuilder().put(WebSocketMetrics.MESSAGE_TYPE, "binary").build();
  }

  Attributes message(boolean isText) {
    return isText ? text : binary;
  }

  Attributes close(int code, boolean localInitiator) {
    int slot = CloseCodes.slot(code) * 2 + (localInitiator ? 0 : 1);
    Attributes attributes = closes.get(slot);
    if (attributes == null) {
      // Racy publication of an immutable value: at worst built twice.
      attributes = connection.toBuilder()
          .put(WebSocketMetrics.CLOSE_CODE, CloseCodes.reported(code))
          .put(WebSocketMetrics.CLOSE_INITIATOR, localInitiator ? "local" : "remote")
          .build();
      closes.set(slot, attributes);
    }
    return attributes;
  }

  Attributes duration(int code) {
    int slot = CloseCodes.slot(code);
    Attributes attributes = durations.get(slot);
    if (attributes == null) {
      attributes = connection.toBuilder().put(WebSocketMetrics.CLOSE_CODE, CloseCodes.reported(code)).build();
      durations.set(slot, attributes);
    }
    return attributes;
  }
}
