package dev.earshot.agent.websocket.jdkclient;

import dev.earshot.agent.core.InstrumentationModule;
import dev.earshot.agent.core.TypeInstrumentation;
import java.util.List;

/**
 * The JDK's {@code java.net.http.WebSocket} client (JDK 11 to 25): connections, messages, payload
 * bytes, send times and closes, and the Realtime conversation its text frames carry.
 */
public final class JdkWebSocketClientModule extends InstrumentationModule {

  public JdkWebSocketClientModule() {
    super("java-websocket-client", "jdk.internal.net.http.websocket.WebSocketImpl");
  }

  @Override
  public List<TypeInstrumentation> typeInstrumentations() {
    return List.of(new WebSocketImplInstrumentation(), new TransportImplInstrumentation(),
        new MessageEncoderInstrumentation(), new MessageDecoderInstrumentation());
  }
}
