package dev.earshot.sample.openai.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.openai.client.OpenAIClient;
import com.openai.core.http.HttpResponse;
import com.openai.core.http.StreamResponse;
import com.openai.models.audio.speech.SpeechCreateParams;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.responses.ResponseCreateParams;
import com.openai.models.responses.ResponseStreamEvent;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Token timing as a client sees it, through the SDK: the first chunk arrives after the time to
 * first token and the next ones one token delay apart, within 10 % + 50 ms (the tolerance the
 * agent's tests rely on). Arrivals are also never early: the simulator cannot send ahead.
 */
@Timeout(60)
class OpenAiSimulatorTimingTest {

  private static final long TTFT_MS = 400;
  private static final long TOKEN_DELAY_MS = 60;
  private static final int TOKENS = 6;

  private static OpenAiSimulator simulator;
  private static OpenAIClient client;

  @BeforeAll
  static void start() {
    simulator = SdkClients.start(SimulatorConfig.defaults(1).withTiming(TTFT_MS, TOKEN_DELAY_MS, TOKENS));
    client = SdkClients.client(simulator, 0);
    // Warm up: class loading, JIT and the pooled connection must not count against the tests.
    // (The SDK's first deserialisation of a Responses API event alone takes about half a second.)
    simulator.setConfig(simulator.config().withTiming(0, 0, TOKENS));
    streamArrivals();
    client.chat().completions().create(chat());
    responseEventArrivals();
    try (HttpResponse response = client.audio().speech().create(speech())) {
      response.body().readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    simulator.reset();
  }

  private static SpeechCreateParams speech() {
    return SpeechCreateParams.builder()
        .model("gpt-4o-mini-tts")
        .input("Hello")
        .voice("alloy")
        .responseFormat(SpeechCreateParams.ResponseFormat.PCM)
        .build();
  }

  @AfterAll
  static void stop() {
    client.close();
    simulator.close();
  }

  @AfterEach
  void resetSimulator() {
    simulator.reset();
  }

  private static ChatCompletionCreateParams chat() {
    return ChatCompletionCreateParams.builder().model("gpt-4o-mini").addUserMessage("Time me").build();
  }

  private static long tolerance(long expectedMillis) {
    return expectedMillis / 10 + 50;
  }

  private static long millisSince(long startNanos) {
    return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos);
  }

  /** Milliseconds from the call to the arrival of each chunk carrying text (the role chunk comes with the first). */
  private static List<Long> streamArrivals() {
    List<Long> arrivals = new ArrayList<>();
    long start = System.nanoTime();
    try (StreamResponse<ChatCompletionChunk> stream = client.chat().completions().createStreaming(chat())) {
      for (Iterator<ChatCompletionChunk> chunks = stream.stream().iterator(); chunks.hasNext(); ) {
        ChatCompletionChunk chunk = chunks.next();
        if (!chunk.choices().isEmpty() && chunk.choices().get(0).delta().content().filter(c -> !c.isEmpty()).isPresent()) {
          arrivals.add(millisSince(start));
        }
      }
    }
    return arrivals;
  }

  private static void assertArrivals(List<Long> arrivals, long firstTokenMs) {
    assertThat(arrivals).hasSize(TOKENS);
    for (int i = 0; i < TOKENS; i++) {
      long expected = firstTokenMs + i * TOKEN_DELAY_MS;
      assertThat(arrivals.get(i)).as("token %d of %s", i, arrivals).isBetween(expected - 5, expected + tolerance(expected));
    }
    // The tokens really are spread out, one delay apart, not bunched together at the end.
    for (int i = 1; i < TOKENS; i++) {
      assertThat(arrivals.get(i) - arrivals.get(i - 1)).as("gap before token %d of %s", i, arrivals)
          .isBetween(TOKEN_DELAY_MS - 25, TOKEN_DELAY_MS + 50);
    }
  }

  @Test
  void streamedTokensArriveAtTtftAndThenOnePerTokenDelay() {
    assertArrivals(streamArrivals(), TTFT_MS);
  }

  @Test
  void plainAnswerTakesTtftPlusTheTokenDelays() {
    long start = System.nanoTime();
    client.chat().completions().create(chat());
    long elapsed = millisSince(start);

    long expected = TTFT_MS + (TOKENS - 1) * TOKEN_DELAY_MS;
    assertThat(elapsed).isBetween(expected - 5, expected + tolerance(expected));
  }

  @Test
  void extraLatencyComesBeforeEverything() {
    simulator.setConfig(simulator.config().with("extraLatencyMs", "250", "test"));

    assertArrivals(streamArrivals(), 250 + TTFT_MS);
  }

  @Test
  void aChangeThroughTheControlApiAppliesToTheNextRequest() {
    var changed = RawHttp.post(simulator.adminUrl() + "/config", "{\"ttftMs\":150}");
    assertThat(changed.statusCode()).isEqualTo(200);

    assertArrivals(streamArrivals(), 150);
  }

  /** Arrival of {@code response.created} followed by the arrivals of the text deltas. */
  private static List<Long> responseEventArrivals() {
    long start = System.nanoTime();
    List<Long> arrivals = new ArrayList<>();
    arrivals.add(-1L);
    try (StreamResponse<ResponseStreamEvent> stream =
        client.responses().createStreaming(
            ResponseCreateParams.builder().model("gpt-4o-mini").input("Time me").build())) {
      for (Iterator<ResponseStreamEvent> events = stream.stream().iterator(); events.hasNext(); ) {
        ResponseStreamEvent event = events.next();
        if (event.created().isPresent()) {
          arrivals.set(0, millisSince(start));
        }
        if (event.outputTextDelta().isPresent()) {
          arrivals.add(millisSince(start));
        }
      }
    }
    return arrivals;
  }

  @Test
  void responsesStreamStartsAtOnceAndItsFirstDeltaComesAtTtft() {
    List<Long> arrivals = responseEventArrivals();

    assertThat(arrivals.get(0)).as("response.created").isBetween(0L, 60L);
    assertArrivals(arrivals.subList(1, arrivals.size()), TTFT_MS);
  }

  @Test
  void speechAudioStartsAtTtft() throws IOException {
    long start = System.nanoTime();
    try (HttpResponse response = client.audio().speech().create(speech());
        InputStream audio = response.body()) {
      assertThat(audio.read()).isNotNegative();
      long firstByte = millisSince(start);
      assertThat(firstByte).isBetween(TTFT_MS - 5, TTFT_MS + tolerance(TTFT_MS));
      // "Hello" is 300 ms of audio: two 200 ms chunks, the second one token delay later.
      assertThat(audio.readAllBytes()).hasSize(5 * 1440 * 2 - 1);
      assertThat(millisSince(start)).isBetween(TTFT_MS + TOKEN_DELAY_MS - 5, TTFT_MS + TOKEN_DELAY_MS + 100);
    }
  }
}
