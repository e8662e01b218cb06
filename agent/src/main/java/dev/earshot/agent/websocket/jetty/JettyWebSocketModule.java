package dev.earshot.agent.websocket.jetty;

import dev.earshot.agent.core.InstrumentationModule;
import dev.earshot.agent.core.TypeInstrumentation;
import java.util.List;

/**
 * Jetty 12 WebSocket, server and client: every API Jetty offers (its own, Jakarta WebSocket on
 * ee10, and so Javalin's {@code ws}) runs on one core session, {@code WebSocketCoreSession}, which
 * is where frames, closes and the end of each connection are seen. A server session's route is read
 * from its upgrade request where Jetty's handshaker creates it.
 */
public final class JettyWebSocketModule extends InstrumentationModule {

  public JettyWebSocketModule() {
    super("jetty-websocket", "org.eclipse.jetty.websocket.core.WebSocketCoreSession", "org.eclipse.jetty.util.Callback");
  }

  @Override
  public List<TypeInstrumentation> typeInstrumentations() {
    return List.of(new CoreSessionInstrumentation(), new IncomingAdaptorInstrumentation(), new HandshakerInstrumentation());
  }
}
