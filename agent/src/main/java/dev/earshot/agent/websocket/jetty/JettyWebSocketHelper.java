package dev.earshot.agent.websocket.jetty;

import dev.earshot.agent.bootstrap.AdviceErrors;
import dev.earshot.agent.websocket.ConnectionRegistry;
import dev.earshot.agent.websocket.WebSocketConnection;
import dev.earshot.agent.websocket.WebSocketMetrics;
import java.net.URI;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.websocket.core.Behavior;
import org.eclipse.jetty.websocket.core.Frame;
import org.eclipse.jetty.websocket.core.WebSocketCoreSession;

/** Adapts Jetty's core session to {@link WebSocketConnection}: one per session, from onOpen to closeConnection. */
public final class JettyWebSocketHelper {

  static final String MODULE = "jetty-websocket";

  private static final ConnectionRegistry<JettySession> sessions = ConnectionRegistry.of(state -> state.connection);

  private JettyWebSocketHelper() {}

  public static void opened(WebSocketCoreSession session) {
    try {
      if (sessions.get(session) != null) {
        return;
      }
      URI uri = session.getRequestURI();
      WebSocketConnection connection;
      if (session.getBehavior() == Behavior.CLIENT) {
        connection = WebSocketMetrics.clientConnection(uri == null ? null : uri.getHost(), uri == null ? -1 : port(uri));
      } else {
        String route = JettyUpgrades.takeRoute(session);
        connection = route != null
            ? WebSocketMetrics.serverConnectionFromTemplate(route)
            : WebSocketMetrics.serverConnectionFromPath(uri == null ? null : uri.getRawPath());
      }
      sessions.putIfAbsent(session, new JettySession(connection));
    } catch (Throwable t) {
      AdviceErrors.record(t, MODULE, "WebSocketCoreSession.onOpen");
    }
  }

  public static void received(WebSocketCoreSession session, Frame frame) {
    try {
      JettySession state = sessions.get(session);
      if (state != null) {
        state.received(frame);
      }
    } catch (Throwable t) {
      AdviceErrors.record(t, MODULE, "WebSocketCoreSession$IncomingAdaptor.onFrame");
    }
  }

  /** @return the callback that times this data frame's send, or null to leave the application's */
  public static Callback sending(WebSocketCoreSession session, Frame frame, Callback callback) {
    try {
      JettySession state = sessions.get(session);
      return state == null ? null : state.sending(frame, callback);
    } catch (Throwable t) {
      AdviceErrors.record(t, MODULE, "WebSocketCoreSession.sendFrame");
      return null;
    }
  }

  public static void aborting(WebSocketCoreSession session) {
    try {
      JettySession state = sessions.get(session);
      if (state != null) {
        state.abortedLocally = true;
      }
    } catch (Throwable t) {
      AdviceErrors.record(t, MODULE, "WebSocketCoreSession.abort");
    }
  }

  public static void ended(WebSocketCoreSession session) {
    try {
      JettySession state = sessions.remove(session);
      if (state != null) {
        state.connection.ended(state.abortedLocally);
      }
    } catch (Throwable t) {
      AdviceErrors.record(t, MODULE, "WebSocketCoreSession.closeConnection");
    }
  }

  private static int port(URI uri) {
    if (uri.getPort() > 0) {
      return uri.getPort();
    }
    String scheme = uri.getScheme();
    return "wss".equalsIgnoreCase(scheme) || "https".equalsIgnoreCase(scheme) ? 443 : 80;
  }
}
