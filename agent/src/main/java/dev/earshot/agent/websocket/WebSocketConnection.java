package dev.earshot.agent.websocket;

import dev.earshot.agent.voice.ConversationTracker;
import dev.earshot.agent.voice.RealtimeEvents;
import dev.earshot.agent.voice.VoiceMetrics;
import io.opentelemetry.api.common.Attributes;
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
  private final boolean countedActive;

  private volatile ConversationTracker tracker;
  private final ByteBufferText sentText = new ByteBufferText();
  private final ByteBufferText receivedText = new ByteBufferText();

  /** The first close frame: its code, and whether this side sent it; 0 while none. */
  private int firstCloseCode;
  private boolean firstCloseLocal;
  private boolean ended;

  WebSocketConnection(Endpoint endpoint, String serverAddress, int serverPort) {
    this.endpoint = endpoint;
    this.serverAddress = serverAddress;
    this.serverPort = serverPort;
    WebSocketMetrics.Instruments i = WebSocketMetrics.instruments();
    // A connection opened before the SDK was ready is not counted as active, so that its end does
    // not push the gauge below zero.
    countedActive = i != null;
    if (countedActive) {
      i.active.add(1, endpoint.connection);
    }
  }

  /** The endpoint name this connection reports (for tests and logs). */
  public String endpoint() {
    return endpoint.name;
  }

  public void messageSent(boolean text) {
    WebSocketMetrics.Instruments i = WebSocketMetrics.instruments();
    if (i != null) {
      i.messagesSent.add(1, endpoint.message(text));
    }
  }

  public void messageReceived(boolean text) {
    WebSocketMetrics.Instruments i = WebSocketMetrics.instruments();
    if (i != null) {
      i.messagesReceived.add(1, endpoint.message(text));
    }
  }

  /** Payload bytes of one data frame sent (text, binary or continuation). */
  public void payloadSent(long bytes) {
    WebSocketMetrics.Instruments i = WebSocketMetrics.instruments();
    if (i != null && bytes > 0) {
      i.payloadSent.add(bytes, endpoint.connection);
    }
  }

  public void payloadReceived(long bytes) {
    WebSocketMetrics.Instruments i = WebSocketMetrics.instruments();
    if (i != null && bytes > 0) {
      i.payloadReceived.add(bytes, endpoint.connection);
    }
  }

  /** A whole text message the application sent. */
  public void textSent(CharSequence message) {
    conversation(message);
  }

  public void textReceived(CharSequence message) {
    conversation(message);
  }

  /** A whole text message the application sent, as its UTF-8 payload (position to limit, untouched). */
  public void textSent(ByteBuffer utf8) {
    synchronized (sentText) {
      conversation(sentText.of(utf8));
      sentText.release();
    }
  }

  public void textReceived(ByteBuffer utf8) {
    synchronized (receivedText) {
      conversation(receivedText.of(utf8));
      receivedText.release();
    }
  }

  /** @return the start of a send, for {@link #sendCompleted} */
  public long sendStarted() {
    return System.nanoTime();
  }

  /** The send that started at {@code startNanos} completed, or failed with {@code error}. */
  public void sendCompleted(long startNanos, Throwable error) {
    WebSocketMetrics.Instruments i = WebSocketMetrics.instruments();
    if (i == null) {
      return;
    }
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
    if (i == null) {
      return;
    }
    if (countedActive) {
      i.active.add(-1, endpoint.connection);
    }
    i.duration.record((System.nanoTime() - openedNanos) / 1e9, endpoint.duration(code));
    i.closes.add(1, endpoint.close(code, local));
  }

  public synchronized boolean isEnded() {
    return ended;
  }

  private void conversation(CharSequence message) {
    ConversationTracker current = tracker;
    if (current != null) {
      current.onFrame(message, System.nanoTime());
      return;
    }
    // Until a frame shows that this connection speaks the Realtime protocol, a frame costs one
    // classification and nothing else: JSON of other protocols and non-JSON frames stop here.
    int code = RealtimeEvents.classify(message);
    if (code > RealtimeEvents.OTHER) {
      current = startConversation();
      current.onClassified(code, message, System.nanoTime());
    }
  }

  private synchronized ConversationTracker startConversation() {
    if (tracker == null) {
      Attributes attributes = endpoint.connection;
      tracker = new ConversationTracker(VoiceMetrics.forConnection(attributes, serverAddress, serverPort));
    }
    return tracker;
  }
}
