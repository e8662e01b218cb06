package dev.earshot.sample.voice;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Locale;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Relay mode of {@code /ws/realtime}: every frame from the client goes unchanged to OpenAI's
 * Realtime WebSocket and every frame from there unchanged to the client (text and binary, the
 * same bytes), and whichever side closes first closes the other with the same code where the
 * protocol allows it. The upstream is the JDK's {@link WebSocket}, authenticated with {@code
 * Authorization: Bearer} the API key.
 *
 * <p>Frames the client sends while the upstream is still connecting wait, up to {@link
 * #MAX_WAITING_BYTES}. The JDK client allows one send in flight, so sends are chained. If the
 * upstream cannot be reached the client gets an {@code error} event and a 1011 close.
 */
final class RealtimeRelay implements RealtimeChannel, WebSocket.Listener {

  private static final Logger LOG = LoggerFactory.getLogger(RealtimeRelay.class);

  static final long MAX_WAITING_BYTES = 4L * 1024 * 1024;
  private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
  private static final long CLOSE_GRACE_SECONDS = 5;

  private final ClientConnection client;
  private final Queue<Object> waiting = new ArrayDeque<>();
  private long waitingBytes;
  private WebSocket upstream;
  private CompletableFuture<WebSocket> sends;
  private boolean clientClosed;
  private boolean upstreamClosed;

  // Reassembly of fragmented upstream messages (the JDK delivers parts); used on its listener thread only.
  private final StringBuilder text = new StringBuilder();
  private final ByteArrayOutputStream binary = new ByteArrayOutputStream();

  RealtimeRelay(ClientConnection client) {
    this.client = client;
  }

  /**
   * The Realtime WebSocket URL for an OpenAI base URL: {@code https://api.openai.com/v1} becomes
   * {@code wss://api.openai.com/v1/realtime?model=gpt-realtime}.
   */
  static URI upstreamUri(String baseUrl, String model) {
    String base = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
    String lower = base.toLowerCase(Locale.ROOT);
    if (lower.startsWith("https://")) {
      base = "wss://" + base.substring(8);
    } else if (lower.startsWith("http://")) {
      base = "ws://" + base.substring(7);
    } else if (!lower.startsWith("ws://") && !lower.startsWith("wss://")) {
      throw new IllegalArgumentException("the OpenAI base URL must be http(s), was " + baseUrl);
    }
    return URI.create(base + "/realtime?model=" + URLEncoder.encode(model, StandardCharsets.UTF_8));
  }

  /** Starts connecting upstream; frames from the client wait until it is open. */
  void connect(HttpClient http, URI uri, String apiKey) {
    http.newWebSocketBuilder()
        .header("Authorization", "Bearer " + apiKey)
        .connectTimeout(CONNECT_TIMEOUT)
        .buildAsync(uri, this)
        .whenComplete((socket, error) -> {
          if (error != null) {
            LOG.warn("realtime relay could not connect to {}: {}", uri.getHost(), rootCause(error));
            client.sendText(RealtimeEvents.toJson(RealtimeEvents.error(
                "upstream_unavailable", "The OpenAI Realtime API could not be reached.", null, null)));
            client.close(1011, "upstream unavailable");
            return;
          }
          opened(socket);
        });
  }

  private synchronized void opened(WebSocket socket) {
    upstream = socket;
    sends = CompletableFuture.completedFuture(socket);
    if (clientClosed) {
      closeUpstream(1000, "");
      return;
    }
    for (Object frame; (frame = waiting.poll()) != null; ) {
      forward(frame);
    }
    waitingBytes = 0;
  }

  @Override
  public void onText(String message) {
    relay(message, message.length());
  }

  @Override
  public void onBinary(ByteBuffer data) {
    ByteBuffer copy = ByteBuffer.allocate(data.remaining()).put(data).flip();
    relay(copy, copy.remaining());
  }

  private void relay(Object frame, long bytes) {
    boolean overflow = false;
    synchronized (this) {
      if (clientClosed || upstreamClosed) {
        return;
      }
      if (upstream != null) {
        forward(frame);
        return;
      }
      waitingBytes += bytes;
      overflow = waitingBytes > MAX_WAITING_BYTES;
      if (!overflow) {
        waiting.add(frame);
      }
    }
    if (overflow) {
      client.close(1013, "upstream not ready; try again later");
    }
  }

  /** Chains the send: the JDK WebSocket refuses a second send while one is in flight. */
  private void forward(Object frame) {
    sends = sends.thenCompose(socket -> frame instanceof String message
        ? socket.sendText(message, true)
        : socket.sendBinary((ByteBuffer) frame, true));
    sends.exceptionally(error -> {
      LOG.debug("realtime relay upstream send failed: {}", rootCause(error));
      return null;
    });
  }

  @Override
  public void onClose(int code, String reason) {
    synchronized (this) {
      clientClosed = true;
      waiting.clear();
      if (upstream != null && !upstreamClosed) {
        closeUpstream(code == 1005 || code == 1006 ? 1000 : code, reason);
      }
    }
  }

  @Override
  public void shutdown(int code, String reason) {
    client.close(code, reason);
    onClose(code, reason);
  }

  private void closeUpstream(int code, String reason) {
    WebSocket socket = upstream;
    int sendable = legalFromClient(code) ? code : 1000;
    sends = sends.thenCompose(s -> s.sendClose(sendable, reason == null ? "" : reason));
    // The upstream should answer the close; if it does not, drop the connection.
    CompletableFuture.delayedExecutor(CLOSE_GRACE_SECONDS, TimeUnit.SECONDS).execute(socket::abort);
  }

  // ---- the upstream's listener (the JDK calls these one at a time) ----

  @Override
  public void onOpen(WebSocket webSocket) {
    webSocket.request(1);
  }

  @Override
  public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
    text.append(data);
    if (last) {
      client.sendText(text.toString());
      text.setLength(0);
    }
    webSocket.request(1);
    return null;
  }

  @Override
  public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
    byte[] bytes = new byte[data.remaining()];
    data.get(bytes);
    binary.writeBytes(bytes);
    if (last) {
      client.sendBinary(ByteBuffer.wrap(binary.toByteArray()));
      binary.reset();
    }
    webSocket.request(1);
    return null;
  }

  @Override
  public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
    synchronized (this) {
      upstreamClosed = true;
    }
    client.close(legalFromServer(statusCode) ? statusCode : statusCode == 1005 ? 1000 : 1011, reason);
    return null; // the JDK then answers the close with the same code
  }

  @Override
  public void onError(WebSocket webSocket, Throwable error) {
    synchronized (this) {
      upstreamClosed = true;
    }
    LOG.warn("realtime relay upstream failed: {}", rootCause(error));
    client.close(1011, "upstream failed");
  }

  /** Codes a server may send (RFC 6455 section 7.4; 1005, 1006 and 1015 never go on the wire). */
  static boolean legalFromServer(int code) {
    return (code >= 1000 && code <= 1003) || (code >= 1007 && code <= 1014) || (code >= 3000 && code <= 4999);
  }

  /** Codes the JDK's WebSocket lets a client send. */
  static boolean legalFromClient(int code) {
    return code == 1000 || code == 1001 || code == 1008 || code == 1011 || (code >= 3000 && code <= 4999);
  }

  private static String rootCause(Throwable error) {
    Throwable cause = error;
    while (cause.getCause() != null && cause.getCause() != cause) {
      cause = cause.getCause();
    }
    return cause.getClass().getSimpleName();
  }
}
