package dev.earshot.agent.openai;

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
import org.openjdk.jmh.annotations.Warmup;

/**
 * The body scanner alone (no metrics): one typical chat-completion SSE chunk (about 250 bytes),
 * and a 32 KiB base64 audio string in a JSON body, the worst case of a speech-capable answer.
 * In the agent's package because the scanner is package-private.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Benchmark)
public class ResponseScannerBenchmark {

  private byte[] chunk;
  private byte[] audioJson;
  private ResponseScanner sse;

  @Setup
  public void setUp() {
    chunk = ("data: {\"id\":\"chatcmpl-B9MHDbslfkBeAs8l4bebGdFOJ6PeG\",\"object\":\"chat.completion.chunk\",\"created\":1741570283,"
        + "\"model\":\"gpt-4o-mini-2024-07-18\",\"system_fingerprint\":\"fp_06737a9306\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\" word"
        + "\"},\"logprobs\":null,\"finish_reason\":null}],\"usage\":null}\n\n").getBytes(StandardCharsets.UTF_8);
    StringBuilder audio = new StringBuilder("{\"model\":\"gpt-4o-audio-preview\",\"choices\":[{\"message\":{\"audio\":{\"data\":\"");
    for (int i = 0; i < 32 * 1024; i++) {
      audio.append((char) ('A' + i % 26));
    }
    audio.append("\"}}}],\"usage\":{\"prompt_tokens\":10,\"completion_tokens\":20}}");
    audioJson = audio.toString().getBytes(StandardCharsets.UTF_8);
    sse = new ResponseScanner(ResponseScanner.SSE, null);
  }

  @Benchmark
  public int sseChunk() {
    sse.feed(chunk, 0, chunk.length);
    return sse.chunkCount();
  }

  @Benchmark
  public long audioJsonBody() {
    ResponseScanner json = new ResponseScanner(ResponseScanner.JSON, null);
    json.feed(audioJson, 0, audioJson.length);
    return json.outputTokens;
  }
}
