package dev.earshot.agent.http.servlet;

import dev.earshot.agent.core.SelfErrors;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * Finishes the measurement of an asynchronous servlet request when the container completes it.
 * Called by the container, outside any advice: it guards itself.
 */
final class AsyncCompletion implements AsyncListener {

  private final long startNanos;
  private Throwable error;
  private boolean finished;

  AsyncCompletion(long startNanos) {
    this.startNanos = startNanos;
  }

  @Override
  public void onComplete(AsyncEvent event) {
    try {
      synchronized (this) {
        if (finished) {
          return;
        }
        finished = true;
      }
      JakartaServletHelper.finish(
          startNanos, (HttpServletRequest) event.getSuppliedRequest(), (HttpServletResponse) event.getSuppliedResponse(), error);
    } catch (Throwable t) {
      SelfErrors.record(t, "jakarta-servlet", "async completion");
    }
  }

  @Override
  public void onError(AsyncEvent event) {
    error = event.getThrowable();
  }

  @Override
  public void onTimeout(AsyncEvent event) {
    // The container answers a timed-out request itself and then completes it: onComplete follows.
  }

  @Override
  public void onStartAsync(AsyncEvent event) {
    try {
      // A new startAsync() drops the listeners: stay registered.
      event.getAsyncContext().addListener(this, event.getSuppliedRequest(), event.getSuppliedResponse());
    } catch (Throwable t) {
      SelfErrors.record(t, "jakarta-servlet", "async restart");
    }
  }
}
