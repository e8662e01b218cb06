package dev.earshot.bench;

import dev.earshot.agent.openai.OpenAiCall;
import dev.earshot.agent.openai.OpenAiHosts;
import dev.earshot.agent.openai.RequestModelScanner;
import io.opentelemetry.sdk.OpenTelemetrySdk;
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
 * What the OpenAI instrumentation adds to one call, on a real OpenTelemetry SDK: the recorder
 * ({@link OpenAiCall}: start, status, every body byte through the scanner, end with duration,
 * token usage and modality counters), for a plain chat completion (a 1.1 KiB JSON answer) and a
 * streamed one (24 SSE chunks with the usage chunk: time to first chunk and 23 per-chunk
 * records); the request-model scan of a 4 KiB chat request; and the check every other OkHttp or
 * {@code java.net.http} call of the application pays (a host that is not OpenAI's). Run with
 * {@code -prof gc} for the allocation per call.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Benchmark)
public class OpenAiCallBenchmark {

  private OpenTelemetrySdk sdk;
  private byte[] plainAnswer;
  private byte[][] streamChunks;
  private byte[] request;
  private OpenAiHosts hosts;

  @Setup
  public void setUp() throws Exception {
    sdk = RecorderSdk.install();

    String content = "Sure. The nearest pharmacy open now is on Market Street, about 400 metres north of you. ".repeat(8);
    plainAnswer = ("{\"id\":\"chatcmpl-B9MHDbslfkBeAs8l4bebGdFOJ6PeG\",\"object\":\"chat.completion\",\"created\":1741570283,"
        + "\"model\":\"gpt-4o-mini-2024-07-18\",\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":\""
        + content + "\",\"refusal\":null,\"annotations\":[]},\"logprobs\":null,\"finish_reason\":\"stop\"}],"
        + "\"usage\":{\"prompt_tokens\":1117,\"completion_tokens\":46,\"total_tokens\":1163,"
        + "\"prompt_tokens_details\":{\"cached_tokens\":0,\"audio_tokens\":0},"
        + "\"completion_tokens_details\":{\"reasoning_tokens\":0,\"audio_tokens\":0,\"accepted_prediction_tokens\":0,\"rejected_prediction_tokens\":0}},"
        + "\"service_tier\":\"default\",\"system_fingerprint\":\"fp_06737a9306\"}").getBytes(StandardCharsets.UTF_8);
    streamChunks = new byte[24][];
    for (int i = 0; i < 23; i++) {
      streamChunks[i] = ("data: {\"id\":\"chatcmpl-B9MHDbslfkBeAs8l4bebGdFOJ6PeG\",\"object\":\"chat.completion.chunk\",\"created\":1741570283,"
          + "\"model\":\"gpt-4o-mini-2024-07-18\",\"system_fingerprint\":\"fp_06737a9306\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\" word"
          + i + "\"},\"logprobs\":null,\"finish_reason\":null}],\"usage\":null}\n\n").getBytes(StandardCharsets.UTF_8);
    }
    streamChunks[23] = ("data: {\"id\":\"chatcmpl-B9MHDbslfkBeAs8l4bebGdFOJ6PeG\",\"object\":\"chat.completion.chunk\",\"created\":1741570283,"
        + "\"model\":\"gpt-4o-mini-2024-07-18\",\"choices\":[],\"usage\":{\"prompt_tokens\":1117,\"completion_tokens\":23,\"total_tokens\":1140}}\n\n"
        + "data: [DONE]\n\n").getBytes(StandardCharsets.UTF_8);
    request = ("{\"messages\":[{\"role\":\"system\",\"content\":\"" + "You are a helpful voice assistant. ".repeat(100)
        + "\"},{\"role\":\"user\",\"content\":\"Where is the nearest pharmacy?\"}],\"model\":\"gpt-4o-mini\",\"stream\":true,"
        + "\"stream_options\":{\"include_usage\":true}}").getBytes(StandardCharsets.UTF_8);
    hosts = OpenAiHosts.current();
  }

  @TearDown
  public void tearDown() {
    sdk.close();
  }

  @Benchmark
  public void plainChatCall() {
    OpenAiCall call = OpenAiCall.start("bench", "chat", "gpt-4o-mini", "api.openai.com", 443);
    call.response(200, "application/json");
    call.body(plainAnswer, 0, plainAnswer.length);
    call.end();
  }

  @Benchmark
  public void streamedChatCall() {
    OpenAiCall call = OpenAiCall.start("bench", "chat", "gpt-4o-mini", "api.openai.com", 443);
    call.response(200, "text/event-stream; charset=utf-8");
    for (byte[] chunk : streamChunks) {
      call.body(chunk, 0, chunk.length);
    }
    call.end();
  }

  @Benchmark
  public String requestModelScan() {
    return RequestModelScanner.modelOf("application/json", request, 0, request.length);
  }

  @Benchmark
  public boolean otherHostCheck() {
    return hosts.matches("payments.internal.example.com", 443, true);
  }
}
