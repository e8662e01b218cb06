package dev.earshot.agent.websocket;

import dev.earshot.agent.core.Settings;
import dev.earshot.agent.core.Telemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.metrics.DoubleHistogram;
import io.opentelemetry.api.metrics.LongCounter;
import io.opentelemetry.api.metrics.LongUpDownCounter;
import java.util.List;

/**
 * The WebSocket recorder: owns every {@code websocket.*} instrument and its attributes. Library
 * adapters open a {@link WebSocketConnection} when a connection is established (server: the
 * upgrade accepted; client: the handshake answered) and report frames, sends and the close to it.
 */
public final class WebSocketMetrics {

  /** Which end of the connection the instrumented application is. */
  public enum Side {
    SERVER("server"),
    CLIENT("client");

    final String value;

    Side(String value) {
      this.value = value;
    }
  }

  static final AttributeKey<String> SIDE = AttributeKey.stringKey("websocket.side");
  static final AttributeKey<String> ENDPOINT = AttributeKey.stringKey("websocket.endpoint");
  static final AttributeKey<String> MESSAGE_TYPE = AttributeKey.stringKey("websocket.message.type");
  static final AttributeKey<Long> CLOSE_CODE = AttributeKey.longKey("websocket.close.code");
  static final AttributeKey<String> CLOSE_INITIATOR = AttributeKey.stringKey("websocket.close.initiator");
  static final AttributeKey<String> ERROR_TYPE = AttributeKey.stringKey("error.type");

  /** Connection lifetimes, seconds: a voice call lasts seconds to an hour. */
  static final List<Double> DURATION_BUCKETS =
      List.of(0.1, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0, 60.0, 120.0, 300.0, 600.0, 1800.0, 3600.0, 7200.0);
  /** Send calls, seconds: microseconds when the socket keeps up, up to seconds under backpressure. */
  static final List<Double> SEND_BUCKETS =
      List.of(0.00001, 0.00005, 0.0001, 0.0005, 0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1.0, 5.0);

  static final class Instruments {
    final LongUpDownCounter active;
    final DoubleHistogram duration;
    final LongCounter closes;
    final LongCounter messagesSent;
    final LongCounter messagesReceived;
    final LongCounter payloadSent;
    final LongCounter payloadReceived;
    final DoubleHistogram sendDuration;

    Instruments() {
      active = Telemetry.upDownCounter("websocket.connections.active", "{connection}", "Open WebSocket connections.");
      duration = Telemetry.histogram("websocket.connection.duration", "s",
          "Lifetime of WebSocket connections, from the handshake to the end of the connection.", DURATION_BUCKETS);
      closes = Telemetry.counter("websocket.closes", "{close}",
          "Ended WebSocket connections, by close code (1006: no close frame) and by which side closed first.");
      messagesSent = Telemetry.counter("websocket.messages.sent", "{message}",
          "WebSocket messages the application sent (a fragmented message counts once).");
      messagesReceived = Telemetry.counter("websocket.messages.received", "{message}",
          "WebSocket messages the application received (a fragmented message counts once).");
      payloadSent = Telemetry.counter("websocket.payload.sent", "By",
          "Payload bytes of the data frames the application sent (frame headers not included).");
      payloadReceived = Telemetry.counter("websocket.payload.received", "By",
          "Payload bytes of the data frames the application received (frame headers not included).");
      sendDuration = Telemetry.histogram("websocket.send.duration", "s",
          "Time from the application's send call to the library's completion of the send (backpressure shows here).", SEND_BUCKETS);
    }
  }

  private static final Instruments instruments = new Instruments();
  private static volatile WebSocketEndpoints serverEndpoints;
  private static volatile WebSocketEndpoints clientEndpoints;

  private WebSocketMetrics() {}

  static Instruments instruments() {
    return instruments;
  }

  /**
   * A connection the application accepted on a route it declared.
   *
   * @param template the route template as the framework or container declared it, under its
   *     context path ({@link dev.earshot.agent.http.RouteTemplates#underContext}), as
   *     {@code http.route} reports it; bounded, never normalised
   */
  public static WebSocketConnection serverConnectionFromTemplate(String template) {
    return new WebSocketConnection(server().forTemplate(template), null, -1);
  }

  /**
   * A connection the application accepted where no route template is known.
   *
   * @param rawPath the upgrade request's path: normalised (id-like segments become {@code {id}}) and bounded
   */
  public static WebSocketConnection serverConnectionFromPath(String rawPath) {
    return new WebSocketConnection(server().forPath(rawPath), null, -1);
  }

  /** A connection the application opened to {@code host:port}. */
  public static WebSocketConnection clientConnection(String host, int port) {
    return new WebSocketConnection(client().forHost(host), host, port);
  }

  private static WebSocketEndpoints server() {
    WebSocketEndpoints table = serverEndpoints;
    if (table == null) {
      synchronized (WebSocketMetrics.class) {
        if (serverEndpoints == null) {
          serverEndpoints = new WebSocketEndpoints(Side.SERVER, Settings.current().httpMaxRoutes());
        }
        table = serverEndpoints;
      }
    }
    return table;
  }

  private static WebSocketEndpoints client() {
    WebSocketEndpoints table = clientEndpoints;
    if (table == null) {
      synchronized (WebSocketMetrics.class) {
        if (clientEndpoints == null) {
          clientEndpoints = new WebSocketEndpoints(Side.CLIENT, Settings.current().httpMaxRoutes());
        }
        table = clientEndpoints;
      }
    }
    return table;
  }
}
