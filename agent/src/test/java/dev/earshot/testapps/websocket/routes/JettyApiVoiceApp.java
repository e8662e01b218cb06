package dev.earshot.testapps.websocket.routes;

import dev.earshot.testapps.websocket.JettyWebSocketServerApp;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.handler.ContextHandler;
import org.eclipse.jetty.websocket.server.WebSocketUpgradeHandler;

/**
 * Jetty 12's own WebSocket API on a core context at {@code /app}, with the path spec syntaxes its
 * {@code addMapping} documents: a URI template ({@code uri-template|/voice/{room}}), a servlet
 * prefix spec ({@code /feed/*}) and a regular expression ({@code ^/legacy/[0-9a-z-]+$}). Each
 * endpoint is driven by {@code WsCommands}. 127.0.0.1, port 0; prints {@code READY port=N}.
 */
public final class JettyApiVoiceApp {

  public static void main(String[] args) throws Exception {
    Server server = JakartaVoiceApp.jetty();
    ContextHandler context = new ContextHandler(JakartaVoiceApp.CONTEXT_PATH);
    context.setHandler(WebSocketUpgradeHandler.from(server, context, container -> {
      container.addMapping("uri-template|/voice/{room}", (request, response, callback) -> new JettyWebSocketServerApp.JettyApiEndpoint());
      container.addMapping("/feed/*", (request, response, callback) -> new JettyWebSocketServerApp.JettyApiEndpoint());
      container.addMapping("^/legacy/[0-9a-z-]+$", (request, response, callback) -> new JettyWebSocketServerApp.JettyApiEndpoint());
    }));
    server.setHandler(context);
    JakartaVoiceApp.startAndAwait(server);
  }
}
