package dev.earshot.agent.websocket.jdkclient;

import dev.earshot.agent.bootstrap.AdviceErrors;
import dev.earshot.agent.websocket.WebSocketConnection;
import java.util.concurrent.CompletionException;
import java.util.function.BiConsumer;

/** Ends the timing of one send when the JDK completes its future (the frame written, or the send failed). */
final class SendCompletion implements BiConsumer<Object, Throwable> {

  private final WebSocketConnection connection;
  private final long startNanos;
  private final boolean text;
  private final boolean last;

  SendCompletion(WebSocketConnection connection, long startNanos, boolean text, boolean last) {
    this.connection = connection;
    this.startNanos = startNanos;
    this.text = text;
    this.last = last;
  }

  @Override
  public void accept(Object webSocket, Throwable failure) {
    try {
      Throwable cause = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
      JdkWebSocketHelper.completed(connection, startNanos, text, last, cause);
    } catch (Throwable t) {
      AdviceErrors.record(t, JdkWebSocketHelper.MODULE, "WebSocketImpl.send (completion)");
    }
  }
}
