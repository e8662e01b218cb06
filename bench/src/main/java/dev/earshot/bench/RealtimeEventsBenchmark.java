package dev.earshot.bench;

import dev.earshot.agent.voice.RealtimeEvents;
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
import org.openjdk.jmh.annotations.Warmup;

/**
 * Classifying a Realtime API text frame by its type: a 32 KiB server audio delta (type after
 * {@code event_id}, as OpenAI sends it), a 32 KiB client append that names its type last (found
 * from the end), and the worst case, a 2 KiB frame whose type sits in the middle (read whole).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Benchmark)
public class RealtimeEventsBenchmark {

  private String audioDelta;
  private String appendTypeLast;
  private String typeInTheMiddle;

  @Setup
  public void setUp() {
    StringBuilder audio = new StringBuilder(32 * 1024);
    for (int i = 0; i < 32 * 1024; i++) {
      audio.append((char) ('A' + i % 26));
    }
    audioDelta = "{\"event_id\":\"event_4950\",\"type\":\"response.output_audio.delta\",\"response_id\":\"resp_001\","
        + "\"item_id\":\"msg_008\",\"output_index\":0,\"content_index\":0,\"delta\":\"" + audio + "\"}";
    appendTypeLast = "{\"audio\":\"" + audio + "\",\"type\":\"input_audio_buffer.append\"}";
    String pad = "x".repeat(1000);
    typeInTheMiddle = "{\"a\":\"" + pad + "\",\"type\":\"response.done\",\"b\":\"" + pad + "\"}";
  }

  @Benchmark
  public int audioDelta32KiB() {
    return RealtimeEvents.classify(audioDelta);
  }

  @Benchmark
  public int clientAppendTypeLast32KiB() {
    return RealtimeEvents.classify(appendTypeLast);
  }

  @Benchmark
  public int typeInTheMiddle2KiB() {
    return RealtimeEvents.classify(typeInTheMiddle);
  }
}
