package dev.earshot.agent.websocket.jetty;

import dev.earshot.agent.websocket.WebSocketConnection;
import java.nio.ByteBuffer;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.websocket.core.Frame;
import org.eclipse.jetty.websocket.core.OpCode;

/**
 * One core session's connection and the little frame state it needs: the type of the message under
 * way in each direction (its continuation frames carry none) and whether the application aborted.
 */
final class JettySession {

  /** RFC 6455 7.4.1: a close frame without a status code. */
  private static final int NO_STATUS_CODE = 1005;

  final WebSocketConnection connection;
  /** TEXT or BINARY while a fragmented message is under way. Frames of one direction come one at a time. */
  private volatile byte incomingType;
  private volatile byte outgoingType;
  volatile boolean abortedLocally;

  JettySession(WebSocketConnection connection) {
    this.connection = connection;
  }

  void received(Frame frame) {
    byte opCode = frame.getOpCode();
    if (opCode == OpCode.CLOSE) {
      connection.closeReceived(closeCode(frame));
      return;
    }
    if (opCode != OpCode.TEXT && opCode != OpCode.BINARY && opCode != OpCode.CONTINUATION) {
      return;
    }
    connection.payloadReceived(frame.getPayloadLength());
    ByteBuffer payload = frame.getPayload();
    if (!frame.isFin()) {
      if (opCode != OpCode.CONTINUATION) {
        incomingType = opCode;
      }
      // A fragmented text message (Jetty splits large ones when it inflates permessage-deflate
      // frames): the voice tracker follows it from its first and last fragments.
      if (incomingType == OpCode.TEXT && payload != null) {
        connection.textPartReceived(payload, opCode == OpCode.TEXT, false);
      }
      return;
    }
    byte type = opCode == OpCode.CONTINUATION ? incomingType : opCode;
    incomingType = 0;
    connection.messageReceived(type == OpCode.TEXT);
    if (payload != null) {
      if (opCode == OpCode.TEXT) {
        connection.textReceived(payload);
      } else if (type == OpCode.TEXT) {
        connection.textPartReceived(payload, false, true);
      }
    }
  }

  /** @return a timing callback for a data frame, else null */
  Callback sending(Frame frame, Callback callback) {
    byte opCode = frame.getOpCode();
    if (opCode == OpCode.CLOSE) {
      connection.closeSent(closeCode(frame));
      return null;
    }
    if (opCode != OpCode.TEXT && opCode != OpCode.BINARY && opCode != OpCode.CONTINUATION) {
      return null;
    }
    long start = connection.sendStarted();
    connection.payloadSent(frame.getPayloadLength());
    ByteBuffer payload = frame.getPayload();
    if (frame.isFin()) {
      byte type = opCode == OpCode.CONTINUATION ? outgoingType : opCode;
      outgoingType = 0;
      connection.messageSent(type == OpCode.TEXT);
      if (payload != null) {
        if (opCode == OpCode.TEXT) {
          connection.textSent(payload);
        } else if (type == OpCode.TEXT) {
          connection.textPartSent(payload, false, true);
        }
      }
    } else {
      if (opCode != OpCode.CONTINUATION) {
        outgoingType = opCode;
      }
      if (outgoingType == OpCode.TEXT && payload != null) {
        connection.textPartSent(payload, opCode == OpCode.TEXT, false);
      }
    }
    return callback == null ? null : new TimedCallback(callback, connection, start);
  }

  /** The status code of a close frame, read without moving its payload. */
  private static int closeCode(Frame frame) {
    ByteBuffer payload = frame.getPayload();
    if (payload == null || payload.remaining() < 2) {
      return NO_STATUS_CODE;
    }
    int at = payload.position();
    return ((payload.get(at) & 0xff) << 8) | (payload.get(at + 1) & 0xff);
  }
}
