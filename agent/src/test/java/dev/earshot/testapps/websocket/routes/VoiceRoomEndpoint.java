package dev.earshot.testapps.websocket.routes;

import dev.earshot.testapps.websocket.JakartaCommands;
import dev.earshot.testapps.websocket.WsCommands;
import jakarta.websocket.OnMessage;
import jakarta.websocket.Session;
import jakarta.websocket.server.PathParam;
import jakarta.websocket.server.ServerEndpoint;
import java.nio.ByteBuffer;

/** An annotated Jakarta endpoint with a path parameter, driven by {@link WsCommands}; the same class on every container. */
@ServerEndpoint("/voice/{room}")
public class VoiceRoomEndpoint {

  @OnMessage
  public void text(String message, Session session, @PathParam("room") String room) throws Exception {
    WsCommands.handle(message, new JakartaCommands(session));
  }

  @OnMessage
  public void binary(ByteBuffer data, Session session) {}
}
