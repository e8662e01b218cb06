package dev.earshot.sample.openai.simulator.realtime;

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
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A Realtime client on the JDK's {@link WebSocket} for tests: it records every server event with
 * its arrival time, and sends audio in 20 ms appends (paced at real time or as fast as possible).
 */
final class RealtimeTestClient implements AutoCloseable {

  static final ObjectMapper JSON = new ObjectMapper();
  static final int SAMPLE_RATE = 24_000;
  static final int BYTES_PER_20_MS = SAMPLE_RATE * 2 / 50;

  /** One server event as received. */
  record Received(long nanos, String text, JsonNode json) {
    String type() {
      return json.path("type").asText();
    }
  }

  private final BlockingQueue<Received> incoming = new LinkedBlockingQueue<>();
  final List<Received> seen = new ArrayList<>();
  final CompletableFuture<Integer> closeCode = new CompletableFuture<>();
  final CompletableFuture<Throwable> error = new CompletableFuture<>();
  private final WebSocket socket;

  private RealtimeTestClient(WebSocket.Builder builder, URI uri) {
    this.socket = builder.buildAsync(uri, new Listener()).join();
  }

  /** Connects with {@code Authorization: Bearer sk-test} plus {@code headers} (name, value, ...). */
  static RealtimeTestClient connect(HttpClient http, String url, String... headers) {
    WebSocket.Builder builder = http.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(5))
        .header("Authorization", "Bearer sk-test");
    for (int i = 0; i < headers.length; i += 2) {
      builder.header(headers[i], headers[i + 1]);
    }
    return new RealtimeTestClient(builder, URI.create(url));
  }

  static RealtimeTestClient connect(WebSocket.Builder builder, String url) {
    return new RealtimeTestClient(builder, URI.create(url));
  }

  void send(String text) {
    socket.sendText(text, true).join();
  }

  void send(Object... fieldsAndValues) {
    StringBuilder json = new StringBuilder("{");
    for (int i = 0; i < fieldsAndValues.length; i += 2) {
      if (i > 0) {
        json.append(',');
      }
      try {
        json.append(JSON.writeValueAsString(fieldsAndValues[i])).append(':')
            .append(fieldsAndValues[i + 1] instanceof RawJson raw ? raw.json() : JSON.writeValueAsString(fieldsAndValues[i + 1]));
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    }
    send(json.append('}').toString());
  }

  record RawJson(String json) {}

  /** Sends {@code pcm} in 20 ms appends; {@code paced} sleeps 20 ms between them like a live microphone. */
  void sendAudio(byte[] pcm, boolean paced) throws InterruptedException {
    long start = System.nanoTime();
    int frames = 0;
    for (int offset = 0; offset < pcm.length; offset += BYTES_PER_20_MS) {
      int end = Math.min(pcm.length, offset + BYTES_PER_20_MS);
      byte[] frame = java.util.Arrays.copyOfRange(pcm, offset, end);
      send("type", "input_audio_buffer.append", "audio", Base64.getEncoder().encodeToString(frame));
      frames++;
      if (paced) {
        long due = start + TimeUnit.MILLISECONDS.toNanos(20L * frames);
        long wait = due - System.nanoTime();
        if (wait > 0) {
          TimeUnit.NANOSECONDS.sleep(wait);
        }
      }
    }
  }

  /** Waits for the next event matching {@code match}; every event received meanwhile is kept in {@link #seen}. */
  Received await(Predicate<Received> match, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      long left = deadline - System.nanoTime();
      Received next = incoming.poll(Math.max(0, left), TimeUnit.NANOSECONDS);
      if (next == null) {
        throw new AssertionError("no matching event within " + timeout + "; seen: " + types());
      }
      seen.add(next);
      if (match.test(next)) {
        return next;
      }
    }
  }

  Received await(String type) throws InterruptedException {
    return await(e -> e.type().equals(type), Duration.ofSeconds(10));
  }

  /** Takes in what has arrived within {@code quiet}, so counts cover everything sent so far. */
  void drain(Duration quiet) throws InterruptedException {
    Received next;
    while ((next = incoming.poll(quiet.toMillis(), TimeUnit.MILLISECONDS)) != null) {
      seen.add(next);
    }
  }

  long count(String type) {
    return seen.stream().filter(e -> e.type().equals(type)).count();
  }

  List<Received> all(String type) {
    return seen.stream().filter(e -> e.type().equals(type)).toList();
  }

  List<String> types() {
    return seen.stream().map(Received::type).toList();
  }

  @Override
  public void close() {
    if (!socket.isOutputClosed()) {
      socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye").exceptionally(e -> null);
    }
    try {
      closeCode.get(2, TimeUnit.SECONDS);
    } catch (Exception e) {
      socket.abort();
    }
  }

  private final class Listener implements WebSocket.Listener {
    private final StringBuilder partial = new StringBuilder();

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
      partial.append(data);
      if (last) {
        String text = partial.toString();
        partial.setLength(0);
        try {
          incoming.add(new Received(System.nanoTime(), text, JSON.readTree(text)));
        } catch (Exception e) {
          error.complete(e);
        }
      }
      webSocket.request(1);
      return null;
    }

    @Override
    public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
      webSocket.request(1);
      return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
      closeCode.complete(statusCode);
      return null;
    }

    @Override
    public void onError(WebSocket webSocket, Throwable cause) {
      error.complete(cause);
      closeCode.completeExceptionally(cause);
    }
  }
}
