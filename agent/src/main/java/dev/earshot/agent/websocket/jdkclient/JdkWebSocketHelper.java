package dev.earshot.agent.websocket.jdkclient;

import dev.earshot.agent.bootstrap.AdviceErrors;
import dev.earshot.agent.websocket.ConnectionRegistry;
import dev.earshot.agent.websocket.WebSocketConnection;
import dev.earshot.agent.websocket.WebSocketMetrics;
import java.io.IOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.util.concurrent.CompletableFuture;

/**
 * Adapts the JDK's WebSocket client to {@link WebSocketConnection}. One connection is known under
 * three keys: its {@code WebSocketImpl} (sends, closes, the end), and the frame encoder and decoder
 * of its transport (payload bytes, messages received, whole text messages). The application's
 * listener is never wrapped: what it receives is exactly what the JDK delivers.
 */
public final class JdkWebSocketHelper {

  static final String MODULE = "java-websocket-client";

  private static final int OPCODE_CONTINUATION = 0;
  private static final int OPCODE_TEXT = 1;
  private static final int OPCODE_BINARY = 2;

  private static final ConnectionRegistry<WebSocketConnection> CONNECTIONS = ConnectionRegistry.ofConnections();
  /**
   * The encoder and decoder of the transport the current thread just built: {@code WebSocketImpl}'s
   * constructor builds its transport, then returns on the same thread.
   */
  private static final ThreadLocal<Object[]> BUILT_CODECS = ThreadLocal.withInitial(() -> new Object[2]);

  private JdkWebSocketHelper() {}

  public static void codecsBuilt(Object encoder, Object decoder) {
    try {
      Object[] codecs = BUILT_CODECS.get();
      codecs[0] = encoder;
      codecs[1] = decoder;
    } catch (Throwable t) {
      AdviceErrors.record(t, MODULE, "TransportImpl.<init>");
    }
  }

  public static void opened(Object webSocket, URI uri) {
    try {
      Object[] codecs = BUILT_CODECS.get();
      Object encoder = codecs[0];
      Object decoder = codecs[1];
      codecs[0] = null;
      codecs[1] = null;
      int port = uri.getPort() > 0 ? uri.getPort() : "wss".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
      WebSocketConnection connection = WebSocketMetrics.clientConnection(uri.getHost(), port);
      CONNECTIONS.putIfAbsent(webSocket, connection);
      if (encoder != null && decoder != null) {
        CONNECTIONS.putIfAbsent(encoder, connection);
        CONNECTIONS.putIfAbsent(decoder, connection);
      }
    } catch (Throwable t) {
      AdviceErrors.record(t, MODULE, "WebSocketImpl.<init>");
    }
  }

  /**
   * An application send returned its future. The send is timed to the future's completion; the
   * message is counted when its last part is written.
   */
  public static void sent(Object webSocket, long startNanos, boolean text, boolean last, CompletableFuture<?> result, Throwable error) {
    try {
      WebSocketConnection connection = CONNECTIONS.get(webSocket);
      if (connection == null) {
        return;
      }
      if (error != null || result == null) {
        connection.sendCompleted(startNanos, error);
        return;
      }
      if (result.isDone() && !result.isCompletedExceptionally()) {
        // Written before the call returned: nothing to wait for, nothing allocated.
        completed(connection, startNanos, text, last, null);
      } else {
        // A dependent stage: the future the application holds is untouched.
        result.whenComplete(new SendCompletion(connection, startNanos, text, last));
      }
    } catch (Throwable t) {
      AdviceErrors.record(t, MODULE, "WebSocketImpl.send");
    }
  }

  static void completed(WebSocketConnection connection, long startNanos, boolean text, boolean last, Throwable failure) {
    connection.sendCompleted(startNanos, failure);
    if (failure == null && last) {
      connection.messageSent(text);
    }
  }

  public static void closeSent(Object webSocket, int code) {
    try {
      WebSocketConnection connection = CONNECTIONS.get(webSocket);
      if (connection != null) {
        connection.closeSent(code);
      }
    } catch (Throwable t) {
      AdviceErrors.record(t, MODULE, "WebSocketImpl.sendClose0");
    }
  }

  /** The receiving side is done: the peer's close frame, or (1006) the end of its stream without one. */
  public static void closed(Object webSocket, int code) {
    try {
      WebSocketConnection connection = CONNECTIONS.get(webSocket);
      if (connection == null) {
        return;
      }
      if (code != 1006) {
        // 1006 never comes in a frame: the decoder refuses it from a server.
        connection.closeReceived(code);
      }
      connection.ended(false);
    } catch (Throwable t) {
      AdviceErrors.record(t, MODULE, "WebSocketImpl.signalClose");
    }
  }

  /**
   * The connection failed. An I/O error is the peer's or the network's doing; anything else (the
   * application's listener threw, the peer broke the protocol and this side gave up) is a local drop.
   */
  public static void failed(Object webSocket, Throwable error) {
    try {
      WebSocketConnection connection = CONNECTIONS.get(webSocket);
      if (connection != null) {
        connection.ended(!(error instanceof IOException));
      }
    } catch (Throwable t) {
      AdviceErrors.record(t, MODULE, "WebSocketImpl.signalError");
    }
  }

  public static void aborted(Object webSocket) {
    try {
      WebSocketConnection connection = CONNECTIONS.get(webSocket);
      if (connection != null) {
        connection.ended(true);
      }
    } catch (Throwable t) {
      AdviceErrors.record(t, MODULE, "WebSocketImpl.abort");
    }
  }

  public static void frameSent(Object encoder, Object opcode, long payloadLength) {
    try {
      if (isData(opcode)) {
        WebSocketConnection connection = CONNECTIONS.get(encoder);
        if (connection != null) {
          connection.payloadSent(payloadLength);
        }
      }
    } catch (Throwable t) {
      AdviceErrors.record(t, MODULE, "MessageEncoder.setupHeader");
    }
  }

  /** A text message sent in one part, as the encoder starts on it (its position is the message's start). */
  public static void wholeTextSent(Object encoder, CharBuffer text) {
    try {
      WebSocketConnection connection = CONNECTIONS.get(encoder);
      if (connection != null) {
        connection.textSent(text);
      }
    } catch (Throwable t) {
      AdviceErrors.record(t, MODULE, "MessageEncoder.encodeText");
    }
  }

  public static void frameReceived(Object decoder, Object opcode, long payloadLength) {
    try {
      if (isData(opcode)) {
        WebSocketConnection connection = CONNECTIONS.get(decoder);
        if (connection != null) {
          connection.payloadReceived(payloadLength);
        }
      }
    } catch (Throwable t) {
      AdviceErrors.record(t, MODULE, "MessageDecoder.payloadLen");
    }
  }

  /**
   * A chunk of a single-frame text message's UTF-8 payload (read, not moved): the whole message,
   * or its first, a middle or its last part when the frame spans several reads.
   */
  public static void textReceived(Object decoder, Object opcode, ByteBuffer payload, boolean first, boolean last) {
    try {
      if (ordinal(opcode) == OPCODE_TEXT) {
        WebSocketConnection connection = CONNECTIONS.get(decoder);
        if (connection != null) {
          if (first && last) {
            connection.textReceived(payload);
          } else {
            connection.textPartReceived(payload, first, last);
          }
        }
      }
    } catch (Throwable t) {
      AdviceErrors.record(t, MODULE, "MessageDecoder.payloadData");
    }
  }

  /** The final frame of a message: {@code firstOpcode} is the message's own when it came in several frames. */
  public static void frameEnded(Object decoder, Object opcode, Object firstOpcode) {
    try {
      if (isData(opcode)) {
        WebSocketConnection connection = CONNECTIONS.get(decoder);
        if (connection != null) {
          int type = ordinal(opcode) == OPCODE_CONTINUATION && firstOpcode != null ? ordinal(firstOpcode) : ordinal(opcode);
          connection.messageReceived(type == OPCODE_TEXT);
        }
      }
    } catch (Throwable t) {
      AdviceErrors.record(t, MODULE, "MessageDecoder.endFrame");
    }
  }

  private static boolean isData(Object opcode) {
    int code = ordinal(opcode);
    return code >= OPCODE_CONTINUATION && code <= OPCODE_BINARY;
  }

  /** {@code Frame.Opcode} declares its constants in wire order, 0x0 to 0xF. */
  private static int ordinal(Object opcode) {
    return opcode instanceof Enum ? ((Enum<?>) opcode).ordinal() : -1;
  }
}
