package dev.earshot.agent.websocket.okhttp;

import dev.earshot.agent.websocket.WebSocketConnection;

/**
 * What the adapter keeps per OkHttp web socket besides its {@link WebSocketConnection}: the start
 * times of the sends queued and not yet written, in queue order (OkHttp writes its queue in
 * order on one writer thread), and which close frames have passed.
 *
 * <p>At most {@value #MAX_TIMED} queued sends are timed at once: beyond that (a writer far behind)
 * later sends are counted but not timed until the backlog drains, which keeps the order exact and
 * the memory bounded. The ring grows by doubling up to that bound, then never allocates again.
 */
final class OkHttpWebSocketSession {

  static final int MAX_TIMED = 1024;

  /** Set when the upgrade has succeeded; sends may be queued before that. */
  volatile WebSocketConnection connection;

  private long[] starts = new long[16];
  private int head;
  private int timed;
  /** Queued behind the timed ones, written after them. */
  private long untimed;
  private boolean closeWritten;
  private boolean closeRead;

  synchronized void queued(long startNanos) {
    if (untimed > 0 || timed == MAX_TIMED) {
      untimed++;
      return;
    }
    if (timed == starts.length) {
      long[] grown = new long[starts.length * 2];
      for (int i = 0; i < timed; i++) {
        grown[i] = starts[(head + i) & (starts.length - 1)];
      }
      starts = grown;
      head = 0;
    }
    starts[(head + timed) & (starts.length - 1)] = startNanos;
    timed++;
  }

  /** @return the start of the send whose message is now written, or -1 when it was not timed */
  synchronized long written() {
    if (timed > 0) {
      long start = starts[head];
      head = (head + 1) & (starts.length - 1);
      timed--;
      return start;
    }
    if (untimed > 0) {
      untimed--;
    }
    return -1;
  }

  /**
   * The connection failed with messages still queued: they will never be written. Their sends end
   * now, failed with the connection's error.
   */
  void abandonQueued(Throwable error) {
    WebSocketConnection current = connection;
    while (true) {
      long start;
      synchronized (this) {
        if (timed == 0) {
          untimed = 0;
          return;
        }
        start = written();
      }
      if (current != null && error != null) {
        current.sendCompleted(start, error);
      }
    }
  }

  /** @return whether the peer's close frame had already been read: the close handshake is complete */
  synchronized boolean closeWritten() {
    closeWritten = true;
    return closeRead;
  }

  /** @return whether this side's close frame had already been written */
  synchronized boolean closeRead() {
    closeRead = true;
    return closeWritten;
  }
}
