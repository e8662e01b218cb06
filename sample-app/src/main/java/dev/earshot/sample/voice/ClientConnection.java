package dev.earshot.sample.voice;

import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.Queue;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The browser's (or any client's) end of {@code /ws/realtime}: frames sent in call order, one at a
 * time, from any thread.
 *
 * <p>Jetty's asynchronous sends must not overlap, and the session's senders are several threads
 * (the WebSocket thread, SDK workers, the audio pacer). Frames queue here and the next one goes out
 * when Jetty reports the previous one written. A client that stops reading cannot grow the queue
 * without bound: past {@link #MAX_PENDING_BYTES} the connection is closed with 1008.
 */
final class ClientConnection {

  private static final Logger LOG = LoggerFactory.getLogger(ClientConnection.class);

  /** About 20 s of paced 24 kHz audio as base64 JSON: far more than a reading client ever lags. */
  static final long MAX_PENDING_BYTES = 4L * 1024 * 1024;

  private final Session session;
  private final Queue<Object> pending = new ArrayDeque<>();
  private long pendingBytes;
  private boolean sending;
  private boolean closed;

  ClientConnection(Session session) {
    this.session = session;
  }

  /** Queues a text frame; dropped silently once the connection is closing. */
  void sendText(String text) {
    enqueue(text, text.length());
  }

  void sendBinary(ByteBuffer data) {
    enqueue(data, data.remaining());
  }

  boolean isOpen() {
    synchronized (this) {
      return !closed && session.isOpen();
    }
  }

  /** Closes after the frames already queued; later frames are dropped. */
  void close(int code, String reason) {
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
      pending.add(new CloseFrame(code, reason));
      if (sending) {
        return;
      }
      sending = true;
    }
    writeNext();
  }

  private void enqueue(Object frame, long bytes) {
    boolean overflow = false;
    synchronized (this) {
      if (closed) {
        return;
      }
      if (pendingBytes + bytes > MAX_PENDING_BYTES) {
        overflow = true;
      } else {
        pending.add(frame);
        pendingBytes += bytes;
        if (sending) {
          return;
        }
        sending = true;
      }
    }
    if (overflow) {
      LOG.warn("realtime client does not read its frames; closing the connection");
      close(1008, "client too slow");
      return;
    }
    writeNext();
  }

  private void writeNext() {
    Object frame;
    synchronized (this) {
      frame = pending.poll();
      if (frame == null) {
        sending = false;
        return;
      }
      pendingBytes -= frame instanceof String text ? text.length()
          : frame instanceof ByteBuffer data ? data.remaining() : 0;
    }
    Callback next = Callback.from(this::writeNext, this::failed);
    try {
      if (frame instanceof String text) {
        session.sendText(text, next);
      } else if (frame instanceof ByteBuffer data) {
        session.sendBinary(data, next);
      } else {
        CloseFrame close = (CloseFrame) frame;
        session.close(close.code(), close.reason(), Callback.from(() -> {}, error -> {}));
        synchronized (this) {
          pending.clear();
          sending = false;
        }
      }
    } catch (RuntimeException e) {
      failed(e);
    }
  }

  /** A write failed: the connection is gone; Jetty reports the close to the endpoint separately. */
  private void failed(Throwable error) {
    LOG.debug("realtime client write failed: {}", error.toString());
    synchronized (this) {
      closed = true;
      pending.clear();
      pendingBytes = 0;
      sending = false;
    }
  }

  private record CloseFrame(int code, String reason) {}
}
