package dev.earshot.testapps.websocket;

import jakarta.websocket.OnMessage;
import jakarta.websocket.Session;
import jakarta.websocket.server.ServerEndpoint;
import java.nio.ByteBuffer;
import java.time.Duration;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.websocket.jakarta.server.config.JakartaWebSocketServletContainerInitializer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.ContextHandler;
import org.eclipse.jetty.server.handler.ContextHandlerCollection;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.server.WebSocketUpgradeHandler;

/**
 * Embedded Jetty 12 on 127.0.0.1 with two WebSocket APIs, both driven by {@link WsCommands}; prints
 * {@code READY port=N}.
 *
 * <ul>
 *   <li>{@code /jetty/*}: Jetty's own API on core handlers, sends with callbacks (asynchronous).
 *       A path ending in {@code /idle} gets a 400 ms idle timeout; one containing {@code fragments}
 *       a 1024-byte maximum frame size (longer messages are fragmented by Jetty).
 *   <li>{@code /jakarta/rooms/{room}}: Jakarta WebSocket (ee10), blocking sends through the basic remote.
 * </ul>
 *
 * The server stops gracefully (5 s): sessions still open are closed with 1001.
 */
public final class JettyWebSocketServerApp {

  static Server server;

  public static void main(String[] args) throws Exception {
    server = new Server();
    ServerConnector connector = new ServerConnector(server);
    connector.setHost("127.0.0.1");
    connector.setPort(0);
    server.addConnector(connector);
    server.setStopTimeout(5_000);

    ContextHandler jetty = new ContextHandler("/jetty");
    jetty.setHandler(WebSocketUpgradeHandler.from(server, jetty,
        container -> container.addMapping("/*", (request, response, callback) -> new JettyApiEndpoint())));

    ServletContextHandler jakarta = new ServletContextHandler(ServletContextHandler.NO_SESSIONS);
    jakarta.setContextPath("/jakarta");
    JakartaWebSocketServletContainerInitializer.configure(jakarta, (context, container) -> container.addEndpoint(JakartaEndpoint.class));

    server.setHandler(new ContextHandlerCollection(jetty, jakarta));
    server.start();
    System.out.println("READY port=" + connector.getLocalPort());
    server.join();
    Thread.sleep(Long.MAX_VALUE); // stopped by a test: the agent's metrics stay readable
  }

  /** Jetty API endpoint: every send asynchronous, with a callback. */
  public static final class JettyApiEndpoint extends org.eclipse.jetty.websocket.api.Session.Listener.AbstractAutoDemanding {

    @Override
    public void onWebSocketOpen(org.eclipse.jetty.websocket.api.Session session) {
      super.onWebSocketOpen(session);
      String path = session.getUpgradeRequest().getRequestURI().getPath();
      if (path.endsWith("/idle")) {
        session.setIdleTimeout(Duration.ofMillis(400));
      }
      if (path.contains("fragments")) {
        session.setMaxFrameSize(1024);
      }
    }

    @Override
    public void onWebSocketText(String message) {
      org.eclipse.jetty.websocket.api.Session session = getSession();
      try {
        WsCommands.handle(message, new WsCommands.Server() {
          @Override
          public void text(String text) {
            session.sendText(text, Callback.NOOP);
          }

          @Override
          public void binary(ByteBuffer data) {
            session.sendBinary(data, Callback.NOOP);
          }

          @Override
          public void partialText(String part, boolean last) throws Exception {
            Callback.Completable sent = new Callback.Completable();
            session.sendPartialText(part, last, sent);
            sent.get(); // the next part may only follow once this one is sent
          }

          @Override
          public void close(int code) {
            session.close(code, "bye", Callback.NOOP);
          }

          @Override
          public void abort() {
            session.disconnect();
          }

          @Override
          public void stopServer() throws Exception {
            server.stop();
          }
        });
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    }

    @Override
    public void onWebSocketBinary(ByteBuffer payload, Callback callback) {
      callback.succeed();
    }
  }

  /** Jakarta endpoint: blocking sends. */
  @ServerEndpoint("/rooms/{room}")
  public static final class JakartaEndpoint {

    @OnMessage
    public void text(String message, Session session) throws Exception {
      WsCommands.handle(message, new JakartaCommands(session, server::stop));
    }

    @OnMessage
    public void binary(ByteBuffer data, Session session) {}
  }
}
