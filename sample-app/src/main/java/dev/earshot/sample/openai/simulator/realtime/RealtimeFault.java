package dev.earshot.sample.openai.simulator.realtime;

/**
 * A failure forced on the next Realtime response (any connection), for tests of a client's error
 * handling.
 *
 * @param kind what happens instead of the response
 * @param closeCode for {@link Kind#CLOSE}: the WebSocket close code (1000-4999)
 */
public record RealtimeFault(Kind kind, int closeCode) {

  public enum Kind {
    /** The TCP connection is dropped without a close frame, as a network failure looks. */
    DROP,
    /** The server closes the WebSocket with {@link #closeCode()}. */
    CLOSE,
    /** An {@code error} event ({@code server_error}), then {@code response.done} status failed. */
    ERROR
  }

  public RealtimeFault {
    if (kind == Kind.CLOSE && (closeCode < 1000 || closeCode > 4999 || closeCode == 1005 || closeCode == 1006
        || closeCode == 1015)) {
      throw new IllegalArgumentException("closeCode must be a sendable WebSocket close code (1000-4999), was " + closeCode);
    }
  }

  public static RealtimeFault drop() {
    return new RealtimeFault(Kind.DROP, 0);
  }

  public static RealtimeFault close(int code) {
    return new RealtimeFault(Kind.CLOSE, code);
  }

  public static RealtimeFault error() {
    return new RealtimeFault(Kind.ERROR, 0);
  }

  /** {@code drop}, {@code close} or {@code error}, as the control API spells them. */
  public static RealtimeFault parse(String action, int closeCode) {
    return switch (action == null ? "" : action) {
      case "drop" -> drop();
      case "close" -> close(closeCode);
      case "error" -> error();
      default -> throw new IllegalArgumentException("action must be drop, close or error, was '" + action + "'");
    };
  }
}
