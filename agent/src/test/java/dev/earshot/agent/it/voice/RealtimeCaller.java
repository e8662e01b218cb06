package dev.earshot.agent.it.voice;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A caller on a Realtime WebSocket, in the test JVM (not instrumented): streams PCM16 24 kHz audio
 * in real-time-paced 20 ms {@code input_audio_buffer.append} frames (quiet noise, or a loud tone
 * while "speaking"), and records every event it receives with its arrival time, plus the exact
 * number and UTF-8 size of the frames both ways, to compare with what the agent measured.
 */
public final class RealtimeCaller implements AutoCloseable {

  static final int SAMPLE_RATE = 24_000;
  private static final int FRAME_SAMPLES = SAMPLE_RATE / 50;
  private static final ObjectMapper JSON = new ObjectMapper();

  public record Event(String type, JsonNode json, long nanos) {}

  private final WebSocket socket;
  private final List<Event> events = new ArrayList<>();
  private final CompletableFuture<Integer> closed = new CompletableFuture<>();
  private final Thread streamer;
  private volatile boolean streaming = true;
  private int speechFramesLeft;
  private long framesSent;
  private long bytesSent;
  private long framesReceived;
  private long bytesReceived;
  private long sample;

  public RealtimeCaller(URI uri) throws Exception {
    this(uri, java.util.Map.of());
  }

  /** @param headers handshake headers ({@code Authorization}, {@code OpenAI-Beta}) */
  public RealtimeCaller(URI uri, java.util.Map<String, String> headers) throws Exception {
    StringBuilder partial = new StringBuilder();
    WebSocket.Builder builder = HttpClient.newHttpClient().newWebSocketBuilder();
    headers.forEach(builder::header);
    socket = builder.buildAsync(uri, new WebSocket.Listener() {
      @Override
      public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
        partial.append(data);
        if (last) {
          received(partial.toString());
          partial.setLength(0);
        }
        ws.request(1);
        return null;
      }

      @Override
      public CompletionStage<?> onClose(WebSocket ws, int statusCode, String reason) {
        closed.complete(statusCode);
        return null;
      }

      @Override
      public void onError(WebSocket ws, Throwable error) {
        closed.completeExceptionally(error);
      }
    }).get(10, TimeUnit.SECONDS);
    streamer = new Thread(this::stream, "realtime-caller");
    streamer.setDaemon(true);
    streamer.start();
  }

  /** The next {@code millis} of audio are speech. */
  public synchronized void speak(int millis) {
    speechFramesLeft = millis / 20;
  }

  synchronized boolean speaking() {
    return speechFramesLeft > 0;
  }

  /** Waits until {@code count} events of {@code type} matching {@code filter} have arrived; returns the last. */
  public Event await(String type, int count, Predicate<JsonNode> filter, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    synchronized (events) {
      while (true) {
        List<Event> matching = events(type, filter);
        if (matching.size() >= count) {
          return matching.get(count - 1);
        }
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          throw new AssertionError("no " + count + " x " + type + " within " + timeout + "; got " + types());
        }
        events.wait(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
      }
    }
  }

  public Event await(String type, int count, Duration timeout) throws InterruptedException {
    return await(type, count, json -> true, timeout);
  }

  public List<Event> events(String type, Predicate<JsonNode> filter) {
    synchronized (events) {
      List<Event> matching = new ArrayList<>();
      for (Event event : events) {
        if (event.type().equals(type) && filter.test(event.json())) {
          matching.add(event);
        }
      }
      return matching;
    }
  }

  public List<Event> events() {
    synchronized (events) {
      return new ArrayList<>(events);
    }
  }

  /** Ends the call with a close frame (1000) and waits for the server's answer. */
  public int hangUp() throws Exception {
    stopStreaming();
    socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye").get(5, TimeUnit.SECONDS);
    return closed.get(10, TimeUnit.SECONDS);
  }

  /** Drops the connection without a close frame. */
  public void drop() throws InterruptedException {
    stopStreaming();
    socket.abort();
  }

  public synchronized long framesSent() {
    return framesSent;
  }

  public synchronized long bytesSent() {
    return bytesSent;
  }

  public long framesReceived() {
    synchronized (events) {
      return framesReceived;
    }
  }

  public long bytesReceived() {
    synchronized (events) {
      return bytesReceived;
    }
  }

  private void stopStreaming() throws InterruptedException {
    streaming = false;
    streamer.join(5_000);
  }

  private void received(String text) {
    long now = System.nanoTime();
    JsonNode json;
    try {
      json = JSON.readTree(text);
    } catch (Exception e) {
      json = JSON.createObjectNode();
    }
    synchronized (events) {
      framesReceived++;
      bytesReceived += text.getBytes(StandardCharsets.UTF_8).length;
      events.add(new Event(json.path("type").asText(""), json, now));
      events.notifyAll();
    }
  }

  private String types() {
    StringBuilder types = new StringBuilder();
    for (Event event : events()) {
      if (!event.type().endsWith(".delta")) {
        types.append(event.type()).append(' ');
      }
    }
    return types.toString();
  }

  private void stream() {
    long next = System.nanoTime();
    try {
      while (streaming) {
        String frame = "{\"type\":\"input_audio_buffer.append\",\"audio\":\"" + Base64.getEncoder().encodeToString(nextFrame()) + "\"}";
        socket.sendText(frame, true).get(5, TimeUnit.SECONDS);
        synchronized (this) {
          framesSent++;
          bytesSent += frame.length();
        }
        next += TimeUnit.MILLISECONDS.toNanos(20);
        long sleep = next - System.nanoTime();
        if (sleep > 0) {
          TimeUnit.NANOSECONDS.sleep(sleep);
        }
      }
    } catch (Exception e) {
      streaming = false;
    }
  }

  /** 20 ms of PCM16 LE: a 220 Hz tone at amplitude 8000 while speaking, else noise of amplitude 40. */
  private synchronized byte[] nextFrame() {
    boolean speech = speechFramesLeft > 0;
    if (speech) {
      speechFramesLeft--;
    }
    ByteBuffer pcm = ByteBuffer.allocate(FRAME_SAMPLES * 2).order(ByteOrder.LITTLE_ENDIAN);
    for (int i = 0; i < FRAME_SAMPLES; i++, sample++) {
      double value = speech
          ? 8000 * Math.sin(2 * Math.PI * 220 * sample / SAMPLE_RATE)
          : 40 * Math.sin(sample * 12.9898) * Math.cos(sample * 78.233);
      pcm.putShort((short) Math.round(value));
    }
    return pcm.array();
  }

  @Override
  public void close() {
    streaming = false;
    socket.abort();
  }
}
