package dev.earshot.agent.websocket;

import dev.earshot.agent.openai.ResponseScanner;
import dev.earshot.agent.voice.ConversationTracker;
import dev.earshot.agent.voice.RealtimeEvents;
import dev.earshot.agent.voice.VoiceMetrics;
import java.nio.ByteBuffer;

/**
 * One WebSocket connection as a library adapter sees it. Adapters report what passes where the
 * application hands frames to the library and gets them from it:
 *
 * <ul>
 *   <li>{@link #messageSent}/{@link #messageReceived} once per message (the last fragment of a
 *       fragmented one), {@link #payloadSent}/{@link #payloadReceived} per data frame;
 *   <li>{@link #textSent}/{@link #textReceived} with each whole text message: when it carries an
 *       OpenAI Realtime event the connection's conversation is followed (voice metrics);
 *   <li>{@link #sendStarted}/{@link #sendCompleted} around a send, up to its completion for an
 *       asynchronous one;
 *   <li>{@link #closeSent}/{@link #closeReceived} for close frames, then {@link #ended} once the
 *       connection is gone, however it went (only the first call counts).
 * </ul>
 *
 * <p>Every method is cheap and allocation-free in steady state, and thread-safe: a connection
 * sends and receives on different threads.
 */
public final class WebSocketConnection {

  private final Endpoint endpoint;
  private final String serverAddress;
  private final int serverPort;
  private final long openedNanos = System.nanoTime();

  /** Stamp a conversation event with the current time, read only if the frame is one. */
  private static final long NOW = Long.MIN_VALUE;

  private volatile ConversationTracker tracker;
  private final TextDirection sent = new TextDirection();
  private final TextDirection received = new TextDirection();

  /** The first close frame: its code, and whether this side sent it; 0 while none. */
  private int firstCloseCode;
  private boolean firstCloseLocal;
  private boolean ended;

  WebSocketConnection(Endpoint endpoint, String serverAddress, int serverPort) {
    this.endpoint = endpoint;
    this.serverAddress = serverAddress;
    this.serverPort = serverPort;
    WebSocketMetrics.instruments().active.add(1, endpoint.connection);
  }

  /** The endpoint name this connection reports (for tests and logs). */
  public String endpoint() {
    return endpoint.name;
  }

  public void messageSent(boolean text) {
    WebSocketMetrics.instruments().messagesSent.add(1, endpoint.message(text));
  }

  public void messageReceived(boolean text) {
    WebSocketMetrics.instruments().messagesReceived.add(1, endpoint.message(text));
  }

  /** Payload bytes of one data frame sent (text, binary or continuation). */
  public void payloadSent(long bytes) {
    if (bytes > 0) {
      WebSocketMetrics.instruments().payloadSent.add(bytes, endpoint.connection);
    }
  }

  public void payloadReceived(long bytes) {
    if (bytes > 0) {
      WebSocketMetrics.instruments().payloadReceived.add(bytes, endpoint.connection);
    }
  }

  /** A whole text message the application sent. */
  public void textSent(CharSequence message) {
    conversation(message, NOW);
  }

  public void textReceived(CharSequence message) {
    conversation(message, NOW);
  }

  /** A whole text message the application sent, as its UTF-8 payload (position to limit, untouched). */
  public void textSent(ByteBuffer utf8) {
    sent.whole(utf8);
  }

  public void textReceived(ByteBuffer utf8) {
    received.whole(utf8);
  }

  /**
   * A part of a text message received in several parts (a library that delivers a large frame as
   * it reads it): the first part tells the event, the last part records it, stamped with the
   * first part's arrival. Nothing is copied except {@code session.*} and {@code response.done}
   * events (rare, small), which are kept whole for their model, status and usage.
   */
  public void textPartReceived(CharSequence part, boolean first, boolean last) {
    received.part(part, first, last);
  }

  public void textPartReceived(ByteBuffer utf8, boolean first, boolean last) {
    received.part(utf8, first, last);
  }

  public void textPartSent(CharSequence part, boolean first, boolean last) {
    sent.part(part, first, last);
  }

  public void textPartSent(ByteBuffer utf8, boolean first, boolean last) {
    sent.part(utf8, first, last);
  }

  /** @return the start of a send, for {@link #sendCompleted} */
  public long sendStarted() {
    return System.nanoTime();
  }

  /** The send that started at {@code startNanos} completed, or failed with {@code error}. */
  public void sendCompleted(long startNanos, Throwable error) {
    WebSocketMetrics.Instruments i = WebSocketMetrics.instruments();
    double seconds = (System.nanoTime() - startNanos) / 1e9;
    if (error == null) {
      i.sendDuration.record(seconds, endpoint.connection);
    } else {
      i.sendDuration.record(seconds, endpoint.connection.toBuilder().put(WebSocketMetrics.ERROR_TYPE, error.getClass().getName()).build());
    }
  }

  /** This side sent a close frame with {@code code} (1005 when it had no code). */
  public synchronized void closeSent(int code) {
    if (firstCloseCode == 0) {
      firstCloseCode = code;
      firstCloseLocal = true;
    }
  }

  public synchronized void closeReceived(int code) {
    if (firstCloseCode == 0) {
      firstCloseCode = code;
      firstCloseLocal = false;
    }
  }

  /**
   * The connection is gone. Code and initiator are the first close frame's; without one the code
   * is 1006 and the initiator the side that dropped the connection.
   *
   * @param droppedLocally without a close frame: this side aborted (else the peer or the network)
   */
  public void ended(boolean droppedLocally) {
    int code;
    boolean local;
    synchronized (this) {
      if (ended) {
        return;
      }
      ended = true;
      code = firstCloseCode == 0 ? CloseCodes.ABNORMAL : firstCloseCode;
      local = firstCloseCode == 0 ? droppedLocally : firstCloseLocal;
    }
    WebSocketMetrics.Instruments i = WebSocketMetrics.instruments();
    i.active.add(-1, endpoint.connection);
    i.duration.record((System.nanoTime() - openedNanos) / 1e9, endpoint.duration(code));
    i.closes.add(1, endpoint.close(code, local));
  }

  public synchronized boolean isEnded() {
    return ended;
  }

  /** @param nanos when the message arrived, or {@link #NOW} */
  private void conversation(CharSequence message, long nanos) {
    ConversationTracker current = tracker;
    if (current != null) {
      current.onFrame(message, nanos == NOW ? System.nanoTime() : nanos);
      return;
    }
    // Until a frame shows that this connection speaks the Realtime protocol, a frame costs one
    // classification and nothing else: JSON of other protocols and non-JSON frames stop here.
    int code = RealtimeEvents.classify(message);
    if (code > RealtimeEvents.OTHER) {
      startConversation().onClassified(code, message, nanos == NOW ? System.nanoTime() : nanos);
    }
  }

  /** An event known by its code only (a frame that came in parts and was not kept). */
  private void conversationEvent(int code, long nanos) {
    if (code <= RealtimeEvents.OTHER) {
      return;
    }
    ConversationTracker current = tracker != null ? tracker : startConversation();
    if (code == RealtimeEvents.RESPONSE_DONE) {
      current.onResponseDone(ResponseScanner.STATUS_UNKNOWN, null, nanos);
    } else if (code != RealtimeEvents.SESSION_CREATED && code != RealtimeEvents.SESSION_UPDATED) {
      current.onEvent(code, nanos);
    }
  }

  /**
   * One direction's text as the voice tracker reads it: the view of UTF-8 payloads (reused for
   * every frame, so its lock is the direction's) and the message in progress when the library
   * hands it over in parts.
   */
  private final class TextDirection {
    /** Longest event kept whole for reading (a response.done with a long transcript, say). */
    private static final int MAX_KEPT = 64 * 1024;

    private final ByteBufferText view = new ByteBufferText();
    private int code;
    private long firstNanos;
    private StringBuilder kept;

    synchronized void whole(ByteBuffer utf8) {
      try {
        conversation(view.of(utf8), NOW);
      } finally {
        view.release();
      }
    }

    synchronized void part(ByteBuffer utf8, boolean first, boolean last) {
      try {
        part(view.of(utf8), first, last);
      } finally {
        view.release();
      }
    }

    synchronized void part(CharSequence part, boolean first, boolean last) {
      if (first) {
        kept = null;
        if (last) {
          conversation(part, NOW);
          return;
        }
        firstNanos = System.nanoTime();
        code = RealtimeEvents.classifyHead(part);
        if (code == RealtimeEvents.RESPONSE_DONE || code == RealtimeEvents.SESSION_CREATED || code == RealtimeEvents.SESSION_UPDATED) {
          kept = new StringBuilder(Math.min(MAX_KEPT, part.length() * 2)).append(part);
        }
        return;
      }
      if (kept != null) {
        if (kept.length() + part.length() > MAX_KEPT) {
          kept = null; // recorded by its code alone
        } else {
          kept.append(part);
        }
      }
      if (!last) {
        return;
      }
      if (kept != null) {
        CharSequence whole = kept;
        kept = null;
        conversation(whole, firstNanos);
        return;
      }
      conversationEvent(code == RealtimeEvents.UNDECIDED ? RealtimeEvents.classifyTail(part) : code, firstNanos);
    }
  }

  private synchronized ConversationTracker startConversation() {
    if (tracker == null) {
      tracker = new ConversationTracker(VoiceMetrics.forConnection(endpoint.connection, serverAddress, serverPort));
    }
    return tracker;
  }
}
