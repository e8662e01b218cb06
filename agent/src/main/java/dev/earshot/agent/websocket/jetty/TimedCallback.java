package dev.earshot.agent.websocket.jetty;

import dev.earshot.agent.bootstrap.AdviceErrors;
import dev.earshot.agent.websocket.WebSocketConnection;
import org.eclipse.jetty.util.Callback;

/**
 * The application's send callback, recording the send's duration before passing the outcome on.
 * The invocation type is the application's: Jetty uses it to decide which thread completes the send.
 */
final class TimedCallback implements Callback {

  private final Callback delegate;
  private final WebSocketConnection connection;
  private final long startNanos;

  TimedCallback(Callback delegate, WebSocketConnection connection, long startNanos) {
    this.delegate = delegate;
    this.connection = connection;
    this.startNanos = startNanos;
  }

  @Override
  public void succeeded() {
    record(null);
    delegate.succeeded();
  }

  @Override
  public void failed(Throwable error) {
    record(error);
    delegate.failed(error);
  }

  @Override
  public InvocationType getInvocationType() {
    return delegate.getInvocationType();
  }

  private void record(Throwable error) {
    try {
      connection.sendCompleted(startNanos, error);
    } catch (Throwable t) {
      AdviceErrors.record(t, JettyWebSocketHelper.MODULE, "send completion");
    }
  }

  @Override
  public String toString() {
    return delegate.toString();
  }
}
