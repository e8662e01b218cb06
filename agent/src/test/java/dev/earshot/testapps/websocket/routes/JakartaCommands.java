package dev.earshot.testapps.websocket.routes;

import dev.earshot.testapps.websocket.WsCommands;
import jakarta.websocket.CloseReason;
import jakarta.websocket.Session;
import java.nio.ByteBuffer;

/** {@link WsCommands} on a Jakarta WebSocket session: blocking sends through its basic remote. */
final class JakartaCommands implements WsCommands.Server {

  private final Session session;

  JakartaCommands(Session session) {
    this.session = session;
  }

  @Override
  public void text(String text) throws Exception {
    session.getBasicRemote().sendText(text);
  }

  @Override
  public void binary(ByteBuffer data) throws Exception {
    session.getBasicRemote().sendBinary(data);
  }

  @Override
  public void partialText(String part, boolean last) throws Exception {
    session.getBasicRemote().sendText(part, last);
  }

  @Override
  public void close(int code) throws Exception {
    session.close(new CloseReason(CloseReason.CloseCodes.getCloseCode(code), "bye"));
  }

  @Override
  public void abort() {
    throw new UnsupportedOperationException("Jakarta WebSocket has no abort");
  }

  @Override
  public void stopServer() {
    throw new UnsupportedOperationException("not needed by the route tests");
  }
}
