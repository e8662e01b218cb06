package dev.earshot.testapps.websocket.routes;

import dev.earshot.testapps.websocket.JakartaCommands;
import dev.earshot.testapps.websocket.WsCommands;
import jakarta.websocket.Endpoint;
import jakarta.websocket.EndpointConfig;
import jakarta.websocket.MessageHandler;
import jakarta.websocket.Session;
import jakarta.websocket.server.ServerEndpointConfig;
import java.nio.ByteBuffer;

/**
 * A programmatic Jakarta endpoint deployed with a {@link ServerEndpointConfig} whose path has a
 * parameter in its middle, {@code /calls/{callId}/audio}; driven by {@link WsCommands}.
 */
public class CallAudioEndpoint extends Endpoint {

  public static ServerEndpointConfig config() {
    return ServerEndpointConfig.Builder.create(CallAudioEndpoint.class, "/calls/{callId}/audio").build();
  }

  @Override
  public void onOpen(Session session, EndpointConfig config) {
    session.addMessageHandler(String.class, (MessageHandler.Whole<String>) message -> {
      try {
        WsCommands.handle(message, new JakartaCommands(session));
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    });
    session.addMessageHandler(ByteBuffer.class, (MessageHandler.Whole<ByteBuffer>) data -> {});
  }
}
