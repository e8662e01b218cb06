package dev.earshot.agent.websocket.tomcat;

import dev.earshot.agent.bootstrap.AdviceErrors;
import dev.earshot.agent.http.HttpServerMetrics;
import dev.earshot.agent.http.RouteTemplates;
import dev.earshot.agent.websocket.ConnectionRegistry;
import dev.earshot.agent.websocket.WebSocketConnection;
import dev.earshot.agent.websocket.WebSocketMetrics;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.websocket.CloseReason;
import jakarta.websocket.MessageHandler;
import jakarta.websocket.SendHandler;
import jakarta.websocket.server.ServerEndpointConfig;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import org.apache.tomcat.websocket.MessagePart;

/**
 * Adapts Tomcat's WebSocket implementation ({@code org.apache.tomcat.websocket}, server and client
 * alike) to {@link WebSocketConnection}. A {@code WsSession} is one connection; its frame reader
 * ({@code WsFrameBase}) and writer ({@code WsRemoteEndpointImplBase}) both know it, so every hook
 * finds the connection by the session's identity.
 *
 * <p>Endpoint names: the route a framework matched for the upgrade request (Spring's handler
 * mapping, when it upgrades through {@code upgradeHttpToWebSocket} with a config built from the
 * request itself), else the endpoint config's declared path ({@link EndpointPaths}), else the
 * normalised request path. The servlet request is gone by the time Tomcat creates the session, so a
 * framework's route rides on the per-session config from {@code doUpgrade} to the session.
 *
 * <p>Close codes: a close frame received or written is reported as it is; a connection Tomcat
 * gives up on without a close handshake (it closes the session with the local reason 1006: read
 * failure, abrupt disconnect, socket error, idle or send timeout) ends as 1006 at that moment,
 * before Tomcat writes its courtesy close frame to a peer that is most likely gone.
 */
public final class TomcatWebSocketHelper {

  static final String MODULE = "tomcat-websocket";

  private static final byte OPCODE_CONTINUATION = 0;
  private static final byte OPCODE_TEXT = 1;
  private static final byte OPCODE_BINARY = 2;
  private static final byte OPCODE_CLOSE = 8;
  private static final int NO_STATUS_CODE = 1005;
  private static final int ABNORMAL = 1006;

  private static final ConnectionRegistry<WebSocketConnection> CONNECTIONS = ConnectionRegistry.ofConnections();
  /** Per-session endpoint configs of upgrades a framework routed, to that route, until the session opens. */
  private static final ConnectionRegistry<String> FRAMEWORK_ROUTES = ConnectionRegistry.of(route -> null);

  /** The route a framework matched for the upgrade this thread performs ({@code doUpgrade}). */
  private static final ThreadLocal<String> UPGRADE_ROUTE = new ThreadLocal<>();

  /** The target of the client handshake running on this thread, for the session it creates. */
  private static final ThreadLocal<URI> CONNECTING = new ThreadLocal<>();
  /** The session whose received close frame this thread is processing. */
  private static final ThreadLocal<Object> RECEIVING_CLOSE = new ThreadLocal<>();
  /** The session whose idle timeouts this thread is checking. */
  private static final ThreadLocal<Object> EXPIRING = new ThreadLocal<>();

  private TomcatWebSocketHelper() {}

  // ----- connections

  /**
   * {@code doUpgrade} starts on this thread: the route a framework matched, if any, is kept for the
   * session. Otherwise the endpoint's declared path also names the upgrade request's
   * {@code http.route} (its servlet mapping is the container's default one, which names nothing).
   */
  public static void upgradeStarted(HttpServletRequest request, ServerEndpointConfig config) {
    try {
      Object template = request.getAttribute(HttpServerMetrics.ROUTE_REQUEST_ATTRIBUTE);
      if (template == null) {
        template = request.getAttribute(RouteTemplates.SPRING_BEST_MATCHING_PATTERN);
      }
      if (template != null) {
        UPGRADE_ROUTE.set(RouteTemplates.underContext(request.getContextPath(), template.toString()));
        return;
      }
      String declared = config == null ? null : config.getPath();
      if (declared != null && !declared.isEmpty() && !declared.equals(request.getRequestURI())) {
        request.setAttribute(HttpServerMetrics.ROUTE_REQUEST_ATTRIBUTE, declared);
      }
    } catch (Throwable t) {
      AdviceErrors.record(t, MODULE, "UpgradeUtil.doUpgrade");
    }
  }

  public static void upgradeFinished() {
    UPGRADE_ROUTE.remove();
  }

  /** {@code doUpgrade} hands the upgrade handler the config its session will get. */
  public static void upgradePrepared(Object perSessionConfig) {
    try {
      String route = UPGRADE_ROUTE.get();
      if (route != null && perSessionConfig != null) {
        FRAMEWORK_ROUTES.putIfAbsent(perSessionConfig, route);
      }
    } catch (Throwable t) {
      AdviceErrors.record(t, MODULE, "WsHttpUpgradeHandler.preInit");
    }
  }

  /** A server session was created for an accepted upgrade. */
  public static void serverSessionOpened(Object session, URI requestUri, ServerEndpointConfig config) {
    try {
      String route = config == null ? null : FRAMEWORK_ROUTES.remove(config);
      if (route == null) {
        route = EndpointPaths.template(requestUri, config);
      }
      WebSocketConnection connection = route != null
          ? WebSocketMetrics.serverConnectionFromTemplate(route)
          : WebSocketMetrics.serverConnectionFromPath(requestUri == null ? null : requestUri.getRawPath());
      CONNECTIONS.putIfAbsent(session, connection);
    } catch (Throwable t) {
      AdviceErrors.record(t, MODULE, "WsSession (server)");
    }
  }

  /** A client session was created after a handshake {@link #connecting} announced. */
  public static void clientSessionOpened(Object session) {
    try {
      URI target = CONNECTING.get();
      String host = target == null ? null : target.getHost();
      int port = target == null ? -1 : target.getPort();
      if (port < 0 && target != null) {
        port = "wss".equalsIgnoreCase(target.getScheme()) || "https".equalsIgnoreCase(target.getScheme()) ? 443 : 80;
      }
      CONNECTIONS.putIfAbsent(session, WebSocketMetrics.clientConnection(host, port));
    } catch (Throwable t) {
      AdviceErrors.record(t, MODULE, "WsSession (client)");
    }
  }

  /** @return the target of an enclosing (redirected) handshake, to restore afterwards */
  public static URI connecting(URI target) {
    URI previous = CONNECTING.get();
    CONNECTING.set(target);
    return previous;
  }

  public static void connected(URI previous) {
    if (previous == null) {
      CONNECTING.remove();
    } else {
      CONNECTING.set(previous);
    }
  }

  /** The connection is gone (Tomcat closed its socket or released the upgraded connection). */
  public static void ended(Object session) {
    try {
      WebSocketConnection connection = CONNECTIONS.remove(session);
      if (connection != null) {
        connection.ended(false);
      }
    } catch (Throwable t) {
      AdviceErrors.record(t, MODULE, "end of a session");
    }
  }

  // ----- closes

  /**
   * {@code WsSession.onClose}: the peer's close frame (while this thread reads one), else Tomcat
   * closing on a read failure (1006) or a protocol error (its close frame is seen when written).
   */
  public static void sessionClosing(Object session, CloseReason reason) {
    try {
      WebSocketConnection connection = CONNECTIONS.get(session);
      if (connection == null || reason == null) {
        return;
      }
      int code = reason.getCloseCode().getCode();
      if (RECEIVING_CLOSE.get() == session) {
        connection.closeReceived(code);
      } else if (code == ABNORMAL) {
        connection.ended(false);
      }
    } catch (Throwable t) {
      AdviceErrors.record(t, MODULE, "WsSession.onClose");
    }
  }

  /**
   * {@code WsSession.doClose}: the application's close, or Tomcat's own when it tells the local
   * endpoint 1006. This side dropped the connection when the application closed with 1006 or the
   * session idled out; otherwise (a socket error, a failed or timed-out write, a client's read
   * failure) the peer or the network did.
   */
  public static void sessionClosingLocally(Object session, CloseReason toPeer, CloseReason local, boolean closeSocket) {
    try {
      if (local == null || local.getCloseCode().getCode() != ABNORMAL) {
        return;
      }
      WebSocketConnection connection = CONNECTIONS.get(session);
      if (connection != null) {
        boolean applicationClose = !closeSocket && toPeer != null && toPeer.getCloseCode().getCode() == ABNORMAL;
        connection.ended(applicationClose || EXPIRING.get() == session);
      }
    } catch (Throwable t) {
      AdviceErrors.record(t, MODULE, "WsSession.doClose");
    }
  }

  /** Marks the thread while Tomcat checks a session's idle timeouts, for {@link #sessionClosingLocally}. */
  public static void expirationCheckStarted(Object session) {
    EXPIRING.set(session);
  }

  public static void expirationCheckDone() {
    EXPIRING.remove();
  }

  /** Marks the thread while it handles a received close frame, for {@link #sessionClosing}. */
  public static boolean controlFrameStarted(Object session, byte opCode) {
    if (opCode != OPCODE_CLOSE) {
      return false;
    }
    RECEIVING_CLOSE.set(session);
    return true;
  }

  public static void controlFrameDone(boolean wasClose) {
    if (wasClose) {
      RECEIVING_CLOSE.remove();
    }
  }

  // ----- frames received

  /**
   * A frame was read completely ({@code WsFrameBase.processData} returned true).
   *
   * @param textMessage the frame belongs to a text message (Tomcat's flag for the current message)
   */
  public static void frameReceived(Object session, byte opCode, boolean fin, boolean textMessage, long payloadLength) {
    if (opCode != OPCODE_TEXT && opCode != OPCODE_BINARY && opCode != OPCODE_CONTINUATION) {
      return;
    }
    try {
      WebSocketConnection connection = CONNECTIONS.get(session);
      if (connection == null) {
        return;
      }
      connection.payloadReceived(payloadLength);
      if (fin) {
        connection.messageReceived(textMessage);
      }
    } catch (Throwable t) {
      AdviceErrors.record(t, MODULE, "WsFrameBase.processData");
    }
  }

  /**
   * Tomcat hands decoded text to the application's handler ({@code WsFrameBase.sendMessageText}).
   * Only a whole message is shown to the conversation tracker: with a whole-message handler always;
   * with a partial one only when the message was one frame that cannot have been split (it fits
   * the text buffer and is not compressed).
   */
  public static void textDelivered(
      Object session, boolean last, MessageHandler handler, CharBuffer text, byte opCode, long payloadLength, int rsv) {
    if (!last || text == null) {
      return;
    }
    try {
      if (handler instanceof MessageHandler.Partial
          && (opCode != OPCODE_TEXT || rsv != 0 || payloadLength > text.capacity())) {
        return;
      }
      WebSocketConnection connection = CONNECTIONS.get(session);
      if (connection != null) {
        connection.textReceived(text);
      }
    } catch (Throwable t) {
      AdviceErrors.record(t, MODULE, "WsFrameBase.sendMessageText");
    }
  }

  // ----- frames written

  /**
   * {@code WsRemoteEndpointImplBase.writeMessagePart}: every frame Tomcat writes, sync or async,
   * data or control, after any extension's transformation (the payload as on the wire).
   *
   * @param fragmented a fragmented message is in progress; {@code text} is then its type
   */
  public static void frameWritten(Object session, MessagePart part, boolean closed, boolean fragmented, boolean text) {
    if (closed || part == null) {
      return;
    }
    try {
      byte opCode = part.getOpCode();
      if (opCode != OPCODE_TEXT && opCode != OPCODE_BINARY && opCode != OPCODE_CONTINUATION && opCode != OPCODE_CLOSE) {
        return;
      }
      WebSocketConnection connection = CONNECTIONS.get(session);
      if (connection == null) {
        return;
      }
      ByteBuffer payload = part.getPayload();
      if (opCode == OPCODE_CLOSE) {
        connection.closeSent(payload != null && payload.remaining() >= 2 ? payload.getShort(payload.position()) & 0xFFFF : NO_STATUS_CODE);
        return;
      }
      connection.payloadSent(payload == null ? 0 : payload.remaining());
      if (part.isFin()) {
        connection.messageSent(fragmented ? text : opCode == OPCODE_TEXT);
      }
    } catch (Throwable t) {
      AdviceErrors.record(t, MODULE, "WsRemoteEndpointImplBase.writeMessagePart");
    }
  }

  // ----- application sends

  /** @return the start of a blocking send, 0 when the session is not measured */
  public static long sendStarted(Object session, Object wholeText) {
    try {
      WebSocketConnection connection = CONNECTIONS.get(session);
      if (connection == null) {
        return 0;
      }
      if (wholeText instanceof String) {
        connection.textSent((String) wholeText);
      }
      return connection.sendStarted();
    } catch (Throwable t) {
      AdviceErrors.record(t, MODULE, "send (start)");
      return 0;
    }
  }

  public static void sendReturned(Object session, long startNanos, Throwable error) {
    if (startNanos == 0) {
      return;
    }
    try {
      WebSocketConnection connection = CONNECTIONS.get(session);
      if (connection != null) {
        connection.sendCompleted(startNanos, error);
      }
    } catch (Throwable t) {
      AdviceErrors.record(t, MODULE, "send (end)");
    }
  }

  /**
   * An asynchronous send ({@code getAsyncRemote()}, with a {@link SendHandler} or a {@code Future},
   * which Tomcat completes through a handler too).
   *
   * @return the handler Tomcat gets: one that times the send, or the application's own
   */
  public static SendHandler asyncSendStarted(Object session, Object payload, SendHandler handler) {
    if (handler == null) {
      return null;
    }
    try {
      WebSocketConnection connection = CONNECTIONS.get(session);
      if (connection == null) {
        return handler;
      }
      if (payload instanceof String) {
        connection.textSent((String) payload);
      }
      return new TimedSendHandler(handler, connection, connection.sendStarted());
    } catch (Throwable t) {
      AdviceErrors.record(t, MODULE, "async send (start)");
      return handler;
    }
  }

  /** The asynchronous send call returned; when it threw, Tomcat will not call the handler. */
  public static void asyncSendReturned(SendHandler handler, Throwable error) {
    if (error != null && handler instanceof TimedSendHandler) {
      ((TimedSendHandler) handler).completed(error);
    }
  }
}
