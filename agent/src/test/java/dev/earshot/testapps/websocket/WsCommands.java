package dev.earshot.testapps.websocket;

import java.nio.ByteBuffer;

/**
 * The text commands every WebSocket test server understands, whatever its API: the test client
 * scripts what the server sends (and when) by sending these. Any other message is only received.
 *
 * <ul>
 *   <li>{@code say:<text>} sends {@code <text>} back as one text message;
 *   <li>{@code bin:<n>} sends a binary message of n bytes;
 *   <li>{@code partial} sends one text message in three frames ("ab", "cd", "ef");
 *   <li>{@code big:<n>} sends a text message of n characters (auto-fragmented where the server
 *       limits its frame size);
 *   <li>{@code close:<code>} closes the session with that code;
 *   <li>{@code abort} drops the connection without a close frame;
 *   <li>{@code abort:<ms>} drops it that many milliseconds later, from another thread: the client
 *       first learns that its own message went out (Jetty's client fails the callback of a send
 *       whose completion it has not yet reported when the connection drops under it);
 *   <li>{@code stop} stops the whole server (gracefully: open sessions are closed with 1001).
 * </ul>
 */
public final class WsCommands {

  /** What a server does for one command; each method sends asynchronously or blocks, as its API does. */
  public interface Server {
    void text(String text) throws Exception;

    void binary(ByteBuffer data) throws Exception;

    void partialText(String part, boolean last) throws Exception;

    void close(int code) throws Exception;

    void abort() throws Exception;

    void stopServer() throws Exception;
  }

  private WsCommands() {}

  public static void handle(String message, Server server) throws Exception {
    if (message.startsWith("say:")) {
      server.text(message.substring(4));
    } else if (message.startsWith("bin:")) {
      server.binary(ByteBuffer.allocate(Integer.parseInt(message.substring(4))));
    } else if (message.equals("partial")) {
      server.partialText("ab", false);
      server.partialText("cd", false);
      server.partialText("ef", true);
    } else if (message.startsWith("big:")) {
      server.text("x".repeat(Integer.parseInt(message.substring(4))));
    } else if (message.startsWith("close:")) {
      server.close(Integer.parseInt(message.substring(6)));
    } else if (message.equals("abort")) {
      server.abort();
    } else if (message.startsWith("abort:")) {
      long delayMillis = Long.parseLong(message.substring(6));
      Thread aborter = new Thread(() -> {
        try {
          Thread.sleep(delayMillis);
          server.abort();
        } catch (Exception e) {
          e.printStackTrace();
        }
      });
      aborter.start();
    } else if (message.equals("stop")) {
      Thread stopper = new Thread(() -> {
        try {
          server.stopServer();
          System.out.println("STOPPED");
        } catch (Exception e) {
          e.printStackTrace();
        }
      });
      stopper.start();
    }
  }
}
