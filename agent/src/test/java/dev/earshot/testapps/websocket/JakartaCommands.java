package dev.earshot.testapps.websocket;

import jakarta.websocket.CloseReason;
import jakarta.websocket.Session;
import java.nio.ByteBuffer;

/** {@link WsCommands} on a Jakarta WebSocket session: blocking sends through its basic remote. */
public final class JakartaCommands implements WsCommands.Server {

  /** What {@code stop} does to the whole server. */
  public interface ServerStop {
    void stop() throws Exception;
  }

  private final Session session;
  private final ServerStop serverStop;

  /** For servers whose tests never send {@code stop}. */
  public JakartaCommands(Session session) {
    this(session, () -> {
      throw new UnsupportedOperationException("this server does not stop on command");
    });
  }

  public JakartaCommands(Session session, ServerStop serverStop) {
    this.session = session;
    this.serverStop = serverStop;
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
  public void stopServer() throws Exception {
    serverStop.stop();
  }
}
