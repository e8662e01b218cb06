package dev.earshot.agent.websocket.tomcat;

import dev.earshot.agent.bootstrap.AdviceErrors;
import dev.earshot.agent.websocket.WebSocketConnection;
import jakarta.websocket.SendHandler;
import jakarta.websocket.SendResult;

/**
 * Stands in for the application's {@link SendHandler} of one asynchronous send: records the send's
 * time when Tomcat completes it, then hands the very same result to the application's handler
 * (whatever that handler throws reaches Tomcat unchanged).
 */
final class TimedSendHandler implements SendHandler {

  private final SendHandler delegate;
  private final WebSocketConnection connection;
  private final long startNanos;
  private boolean recorded;

  TimedSendHandler(SendHandler delegate, WebSocketConnection connection, long startNanos) {
    this.delegate = delegate;
    this.connection = connection;
    this.startNanos = startNanos;
  }

  @Override
  public void onResult(SendResult result) {
    completed(result == null ? null : result.getException());
    delegate.onResult(result);
  }

  void completed(Throwable error) {
    try {
      synchronized (this) {
        if (recorded) {
          return;
        }
        recorded = true;
      }
      connection.sendCompleted(startNanos, error);
    } catch (Throwable t) {
      AdviceErrors.record(t, TomcatWebSocketHelper.MODULE, "async send (completion)");
    }
  }
}
