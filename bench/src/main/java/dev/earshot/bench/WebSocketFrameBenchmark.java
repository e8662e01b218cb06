package dev.earshot.bench;

import dev.earshot.agent.websocket.WebSocketConnection;
import dev.earshot.agent.websocket.WebSocketMetrics;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What the agent adds to one WebSocket message, as the library adapters report it, recorded into a
 * real SDK: the message and payload counters plus, for text, the Realtime classification and the
 * conversation tracker. The 32 KiB frames are the audio of a voice conversation (a client's
 * {@code input_audio_buffer.append}, a server's {@code response.output_audio.delta}), arriving
 * 50 times a second per conversation; as a String (the JDK client, OkHttp, Tomcat) and as the UTF-8
 * payload buffer (Jetty).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Benchmark)
public class WebSocketFrameBenchmark {

  private OpenTelemetrySdk sdk;
  private WebSocketConnection voice;
  private WebSocketConnection plain;
  private String append;
  private int appendBytes;
  private ByteBuffer delta;
  private String chat;

  @Setup
  public void setUp() throws ReflectiveOperationException {
    sdk = RecorderSdk.install();
    StringBuilder audio = new StringBuilder(32 * 1024);
    for (int i = 0; i < 32 * 1024; i++) {
      audio.append((char) ('A' + i % 26));
    }
    append = "{\"event_id\":\"event_1\",\"type\":\"input_audio_buffer.append\",\"audio\":\"" + audio + "\"}";
    appendBytes = append.length();
    delta = ByteBuffer.wrap(("{\"event_id\":\"event_4950\",\"type\":\"response.output_audio.delta\",\"response_id\":\"resp_001\","
        + "\"item_id\":\"msg_008\",\"output_index\":0,\"content_index\":0,\"delta\":\"" + audio + "\"}").getBytes(StandardCharsets.UTF_8));
    chat = "{\"kind\":\"chat\",\"text\":\"" + "hello there ".repeat(20) + "\"}";
    voice = WebSocketMetrics.serverConnectionFromPath("/ws/realtime");
    voice.textSent("{\"type\":\"session.created\",\"session\":{\"model\":\"gpt-realtime\"}}");
    voice.textSent("{\"type\":\"response.created\"}");
    plain = WebSocketMetrics.serverConnectionFromPath("/ws/chat");
  }

  @TearDown
  public void tearDown() {
    voice.ended(false);
    plain.ended(false);
    sdk.close();
  }

  /** A client's 32 KiB audio append received as a String. */
  @Benchmark
  public void receivedAudioAppend32KiB() {
    voice.messageReceived(true);
    voice.payloadReceived(appendBytes);
    voice.textReceived(append);
  }

  /** A 32 KiB audio delta sent, seen as its UTF-8 payload buffer, with the send timed. */
  @Benchmark
  public void sentAudioDelta32KiBAsBytes() {
    long start = voice.sendStarted();
    voice.messageSent(true);
    voice.payloadSent(delta.remaining());
    voice.textSent(delta);
    voice.sendCompleted(start, null);
  }

  /** A binary frame (20 ms of 16 kHz PCM): counters only. */
  @Benchmark
  public void binaryFrame() {
    plain.messageReceived(false);
    plain.payloadReceived(640);
  }

  /** A text frame of another protocol: counters and one classification that finds no Realtime event. */
  @Benchmark
  public void nonRealtimeText() {
    plain.messageReceived(true);
    plain.payloadReceived(chat.length());
    plain.textReceived(chat);
  }
}
