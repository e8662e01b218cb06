package dev.earshot.sample.voice;

import java.nio.ByteBuffer;

/** What serves one {@code /ws/realtime} connection: the local conversation or the relay. */
interface RealtimeChannel {

  void onText(String message);

  void onBinary(ByteBuffer data);

  /** The client's side closed (or the connection broke); release everything, send nothing. */
  void onClose(int code, String reason);

  /** The server is stopping or refusing: close the client with this code. */
  void shutdown(int code, String reason);
}
