package dev.earshot.agent.websocket.okhttp;

import dev.earshot.agent.core.InstrumentationModule;
import dev.earshot.agent.core.TypeInstrumentation;
import java.util.List;

/**
 * OkHttp's WebSocket client (4.x and 5.x): connections, messages, payload bytes, send times and
 * closes, and the Realtime conversation its text frames carry. Only the application's OkHttp is
 * instrumented: the agent's own copy (its OTLP sender) lives in the agent's loader, which is never
 * transformed.
 */
public final class OkHttpWebSocketModule extends InstrumentationModule {

  public OkHttpWebSocketModule() {
    super("okhttp-websocket", "okhttp3.internal.ws.RealWebSocket");
  }

  @Override
  public List<TypeInstrumentation> typeInstrumentations() {
    return List.of(new RealWebSocketInstrumentation(), new WebSocketWriterInstrumentation(), new WebSocketReaderInstrumentation(),
        new MessageDeflaterInstrumentation());
  }
}
