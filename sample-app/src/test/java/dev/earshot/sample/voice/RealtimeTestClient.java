package dev.earshot.sample.voice;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A {@code java.net.http} WebSocket client for the tests: records every frame with its arrival
 * time and lets a test wait for one.
 */
final class RealtimeTestClient implements WebSocket.Listener, AutoCloseable {

  static final ObjectMapper JSON = new ObjectMapper();
  static final int RATE = 24_000;
  /** One client for all connections: each JDK HttpClient keeps a selector thread until collected. */
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  record Received(long nanos, String text, ByteBuffer binary) {
    JsonNode json() {
      try {
        return JSON.readTree(text);
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    }

    String type() {
      return json().path("type").asText();
    }
  }

  private final List<Received> received = new ArrayList<>();
  private final StringBuilder partial = new StringBuilder();
  final CompletableFuture<int[]> closed = new CompletableFuture<>();
  volatile String closeReason;
  final WebSocket socket;

  RealtimeTestClient(URI uri) {
    this.socket = HTTP.newWebSocketBuilder()
        .connectTimeout(Duration.ofSeconds(5)).buildAsync(uri, this).orTimeout(5, TimeUnit.SECONDS).join();
  }

  static RealtimeTestClient connect(int port) {
    return new RealtimeTestClient(URI.create("ws://127.0.0.1:" + port + RealtimeEndpoint.PATH));
  }

  void send(String text) {
    socket.sendText(text, true).orTimeout(5, TimeUnit.SECONDS).join();
  }

  /** Appends PCM as 20 ms {@code input_audio_buffer.append} events, as fast as the socket takes them. */
  void append(byte[] pcm) {
    int frame = RATE / 50 * 2;
    for (int offset = 0; offset < pcm.length; offset += frame) {
      int end = Math.min(pcm.length, offset + frame);
      byte[] chunk = java.util.Arrays.copyOfRange(pcm, offset, end);
      send("{\"type\":\"input_audio_buffer.append\",\"audio\":\"" + Base64.getEncoder().encodeToString(chunk) + "\"}");
    }
  }

  static byte[] silence(int ms) {
    return new byte[RATE * ms / 1000 * 2];
  }

  /** Waits for the first frame after index {@code from} matching {@code test}; returns its index. */
  int await(int from, Predicate<Received> test, long timeoutMs) throws InterruptedException {
    long deadline = System.currentTimeMillis() + timeoutMs;
    synchronized (this) {
      while (true) {
        for (int i = from; i < received.size(); i++) {
          if (test.test(received.get(i))) {
            return i;
          }
        }
        long left = deadline - System.currentTimeMillis();
        if (left <= 0) {
          throw new AssertionError("timed out; received types: " + types());
        }
        wait(left);
      }
    }
  }

  int awaitType(int from, String type, long timeoutMs) throws InterruptedException {
    return await(from, r -> r.text() != null && type.equals(r.type()), timeoutMs);
  }

  synchronized List<Received> received() {
    return new ArrayList<>(received);
  }

  synchronized List<String> types() {
    List<String> types = new ArrayList<>();
    for (Received r : received) {
      types.add(r.text() == null ? "<binary>" : r.type());
    }
    return types;
  }

  List<JsonNode> events(String type) {
    List<JsonNode> events = new ArrayList<>();
    for (Received r : received()) {
      if (r.text() != null && type.equals(r.type())) {
        events.add(r.json());
      }
    }
    return events;
  }

  @Override
  public void onOpen(WebSocket webSocket) {
    webSocket.request(1);
  }

  @Override
  public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
    partial.append(data);
    if (last) {
      add(new Received(System.nanoTime(), partial.toString(), null));
      partial.setLength(0);
    }
    webSocket.request(1);
    return null;
  }

  @Override
  public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
    ByteBuffer copy = ByteBuffer.allocate(data.remaining()).put(data).flip();
    add(new Received(System.nanoTime(), null, copy));
    webSocket.request(1);
    return null;
  }

  @Override
  public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
    closeReason = reason;
    closed.complete(new int[] {statusCode});
    synchronized (this) {
      notifyAll();
    }
    return null;
  }

  @Override
  public void onError(WebSocket webSocket, Throwable error) {
    closed.complete(new int[] {-1});
  }

  int closeCode(long timeoutMs) {
    return closed.orTimeout(timeoutMs, TimeUnit.MILLISECONDS).join()[0];
  }

  private synchronized void add(Received r) {
    received.add(r);
    notifyAll();
  }

  @Override
  public void close() {
    if (!socket.isOutputClosed()) {
      socket.sendClose(WebSocket.NORMAL_CLOSURE, "").orTimeout(2, TimeUnit.SECONDS).exceptionally(e -> null).join();
    }
    socket.abort();
  }
}
