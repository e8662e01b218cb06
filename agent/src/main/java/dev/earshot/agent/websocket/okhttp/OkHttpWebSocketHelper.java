package dev.earshot.agent.websocket.okhttp;

import dev.earshot.agent.bootstrap.AdviceErrors;
import dev.earshot.agent.websocket.ConnectionRegistry;
import dev.earshot.agent.websocket.WebSocketConnection;
import dev.earshot.agent.websocket.WebSocketMetrics;
import okhttp3.HttpUrl;
import okhttp3.WebSocket;
import okhttp3.internal.ws.RealWebSocket;
import okio.Buffer;
import okio.ByteString;

/**
 * Adapts OkHttp's WebSocket client to {@link WebSocketConnection}.
 *
 * <p>OkHttp's {@code send} only queues a message; a writer thread writes the queue in order. So a
 * send is timed from the application's call to its frame being written (backpressure and a busy
 * writer show there), and a message is counted, with its payload as on the wire (compressed when
 * permessage-deflate is on), when it is written. Messages received come whole from OkHttp's
 * reader; their payload bytes come from each frame header.
 *
 * <p>Sessions are found by identity (neither OkHttp class overrides {@code equals}) under the
 * {@code RealWebSocket} and its {@code WebSocketReader}; keys are weak (a socket collected unclosed is ended as 1006). The writer's frames are
 * found through the writer thread: {@code RealWebSocket.writeOneFrame} runs around each write.
 */
public final class OkHttpWebSocketHelper {

  static final String MODULE = "okhttp-websocket";
  private static final int OPCODE_TEXT = 1;

  private static final ConnectionRegistry<OkHttpWebSocketSession> SESSIONS = ConnectionRegistry.of(session -> session.connection);
  private static final ThreadLocal<WriteContext> WRITING = ThreadLocal.withInitial(WriteContext::new);

  /** The session whose frame this writer thread is writing, and the deflated size of its message. */
  private static final class WriteContext {
    OkHttpWebSocketSession session;
    long deflatedSize = -1;
  }

  private OkHttpWebSocketHelper() {}

  /** OkHttp 4.x: {@code RealWebSocket.Streams.client}; a server-side socket (MockWebServer) is not ours. */
  public static boolean isClient4(Object streams) {
    try {
      return ((RealWebSocket.Streams) streams).getClient();
    } catch (Throwable t) {
      AdviceErrors.record(t, MODULE, "RealWebSocket.initReaderAndWriter (streams)");
      return false;
    }
  }

  /** The upgrade succeeded; no frame has been written or read yet. */
  public static void opening(Object webSocket, boolean client) {
    if (!client) {
      return;
    }
    try {
      HttpUrl url = ((WebSocket) webSocket).request().url();
      OkHttpWebSocketSession session = session(webSocket, true);
      if (session.connection == null) {
        session.connection = WebSocketMetrics.clientConnection(url.host(), url.port());
      }
    } catch (Throwable t) {
      AdviceErrors.record(t, MODULE, "RealWebSocket.initReaderAndWriter");
    }
  }

  public static void readerReady(Object webSocket, Object reader) {
    try {
      OkHttpWebSocketSession session = session(webSocket, false);
      if (session != null && reader != null) {
        SESSIONS.putIfAbsent(reader, session);
      }
    } catch (Throwable t) {
      AdviceErrors.record(t, MODULE, "RealWebSocket.initReaderAndWriter (reader)");
    }
  }

  public static void queued(Object webSocket, long startNanos) {
    try {
      session(webSocket, true).queued(startNanos);
    } catch (Throwable t) {
      AdviceErrors.record(t, MODULE, "RealWebSocket.send");
    }
  }

  /** A text message the application handed to OkHttp, whole. */
  public static void textQueued(Object webSocket, String text) {
    try {
      WebSocketConnection connection = connection(webSocket);
      if (connection != null) {
        connection.textSent(text);
      }
    } catch (Throwable t) {
      AdviceErrors.record(t, MODULE, "RealWebSocket.send(String)");
    }
  }

  public static void writing(Object webSocket) {
    try {
      WriteContext context = WRITING.get();
      context.session = session(webSocket, false);
      context.deflatedSize = -1;
    } catch (Throwable t) {
      AdviceErrors.record(t, MODULE, "RealWebSocket.writeOneFrame");
    }
  }

  public static void written() {
    try {
      WRITING.get().session = null;
    } catch (Throwable t) {
      AdviceErrors.record(t, MODULE, "RealWebSocket.writeOneFrame (end)");
    }
  }

  public static void messageWriting() {
    try {
      WRITING.get().deflatedSize = -1;
    } catch (Throwable t) {
      AdviceErrors.record(t, MODULE, "WebSocketWriter.writeMessageFrame (start)");
    }
  }

  public static void deflated(Buffer buffer) {
    try {
      WriteContext context = WRITING.get();
      if (context.session != null) {
        context.deflatedSize = buffer.size();
      }
    } catch (Throwable t) {
      AdviceErrors.record(t, MODULE, "MessageDeflater.deflate");
    }
  }

  public static void messageWritten(int opcode, ByteString data, Throwable error) {
    try {
      WriteContext context = WRITING.get();
      OkHttpWebSocketSession session = context.session;
      if (session == null) {
        return;
      }
      long start = session.written();
      WebSocketConnection connection = session.connection;
      if (connection == null) {
        return;
      }
      if (error == null) {
        connection.messageSent(opcode == OPCODE_TEXT);
        connection.payloadSent(context.deflatedSize >= 0 ? context.deflatedSize : data.size());
      }
      if (start >= 0) {
        connection.sendCompleted(start, error);
      }
    } catch (Throwable t) {
      AdviceErrors.record(t, MODULE, "WebSocketWriter.writeMessageFrame");
    }
  }

  public static void closeWriting(int code) {
    try {
      OkHttpWebSocketSession session = WRITING.get().session;
      WebSocketConnection connection = session == null ? null : session.connection;
      if (connection != null) {
        connection.closeSent(code);
      }
    } catch (Throwable t) {
      AdviceErrors.record(t, MODULE, "WebSocketWriter.writeClose (start)");
    }
  }

  /** This side's close frame is out: with the peer's already read, the close handshake is complete. */
  public static void closeWritten() {
    try {
      OkHttpWebSocketSession session = WRITING.get().session;
      WebSocketConnection connection = session == null ? null : session.connection;
      if (connection != null && session.closeWritten()) {
        connection.ended(false);
      }
    } catch (Throwable t) {
      AdviceErrors.record(t, MODULE, "WebSocketWriter.writeClose");
    }
  }

  public static void dataFrameRead(Object reader, long payloadLength) {
    try {
      WebSocketConnection connection = connection(reader);
      if (connection != null) {
        connection.payloadReceived(payloadLength);
      }
    } catch (Throwable t) {
      AdviceErrors.record(t, MODULE, "WebSocketReader.readHeader");
    }
  }

  public static void textRead(Object webSocket, String text) {
    try {
      WebSocketConnection connection = connection(webSocket);
      if (connection != null) {
        connection.messageReceived(true);
        connection.textReceived(text);
      }
    } catch (Throwable t) {
      AdviceErrors.record(t, MODULE, "RealWebSocket.onReadMessage(String)");
    }
  }

  public static void binaryRead(Object webSocket) {
    try {
      WebSocketConnection connection = connection(webSocket);
      if (connection != null) {
        connection.messageReceived(false);
      }
    } catch (Throwable t) {
      AdviceErrors.record(t, MODULE, "RealWebSocket.onReadMessage(ByteString)");
    }
  }

  public static void closeRead(Object webSocket, int code) {
    try {
      OkHttpWebSocketSession session = session(webSocket, false);
      WebSocketConnection connection = session == null ? null : session.connection;
      if (connection == null) {
        return;
      }
      connection.closeReceived(code);
      if (session.closeRead()) {
        connection.ended(false);
      }
    } catch (Throwable t) {
      AdviceErrors.record(t, MODULE, "RealWebSocket.onReadClose");
    }
  }

  /** Reading or writing failed (the peer dropped the connection, a ping went unanswered, the call was cancelled). */
  public static void failed(Object webSocket, Exception error) {
    try {
      OkHttpWebSocketSession session = session(webSocket, false);
      WebSocketConnection connection = session == null ? null : session.connection;
      if (connection == null) {
        return;
      }
      connection.ended(false);
      session.abandonQueued(error);
    } catch (Throwable t) {
      AdviceErrors.record(t, MODULE, "RealWebSocket.failWebSocket");
    }
  }

  /** The application cancelled the web socket: its end is a local drop (the failure that follows is its echo). */
  public static void cancelled(Object webSocket) {
    try {
      WebSocketConnection connection = connection(webSocket);
      if (connection != null) {
        connection.ended(true);
      }
    } catch (Throwable t) {
      AdviceErrors.record(t, MODULE, "RealWebSocket.cancel");
    }
  }

  private static WebSocketConnection connection(Object key) {
    OkHttpWebSocketSession session = SESSIONS.get(key);
    return session == null ? null : session.connection;
  }

  private static OkHttpWebSocketSession session(Object webSocket, boolean create) {
    OkHttpWebSocketSession session = SESSIONS.get(webSocket);
    if (session == null && create) {
      session = SESSIONS.computeIfAbsent(webSocket, OkHttpWebSocketSession::new);
    }
    return session;
  }
}
