package dev.earshot.sample.openai.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.fasterxml.jackson.databind.JsonNode;
import com.openai.client.OpenAIClient;
import com.openai.core.http.StreamResponse;
import com.openai.errors.InternalServerException;
import com.openai.errors.OpenAIException;
import com.openai.errors.OpenAIIoException;
import com.openai.errors.RateLimitException;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.responses.ResponseCreateParams;
import com.openai.models.responses.ResponseStreamEvent;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Injected faults as the SDK experiences them, with the simulator's counters as the witness. */
@Timeout(30)
class OpenAiSimulatorFaultTest {

  private static OpenAiSimulator simulator;
  private static OpenAIClient noRetries;
  private static OpenAIClient twoRetries;

  @BeforeAll
  static void start() {
    // retry-after-ms of 10 keeps the SDK's retries fast.
    simulator = SdkClients.start(SdkClients.fast().with("retryAfterMs", "10", "test"));
    noRetries = SdkClients.client(simulator, 0);
    twoRetries = SdkClients.client(simulator, 2);
  }

  @AfterAll
  static void stop() {
    noRetries.close();
    twoRetries.close();
    simulator.close();
  }

  @BeforeEach
  void resetSimulator() {
    simulator.reset();
  }

  private static ChatCompletionCreateParams chat() {
    return ChatCompletionCreateParams.builder().model("gpt-4o-mini").addUserMessage("Hello").build();
  }

  private static JsonNode stats() {
    return RawHttp.json(RawHttp.get(simulator.adminUrl() + "/stats"));
  }

  @Test
  void aForced429IsRetriedByTheSdkWhichThenSucceeds() {
    simulator.failNext(1, 429);

    ChatCompletion completion = twoRetries.chat().completions().create(chat());

    assertThat(completion.choices()).hasSize(1);
    JsonNode stats = stats();
    assertThat(stats.get("requests").asLong()).isEqualTo(2);
    assertThat(stats.get("byStatus").get("429").asLong()).isEqualTo(1);
    assertThat(stats.get("byStatus").get("200").asLong()).isEqualTo(1);
    assertThat(stats.get("injectedFaults").get("429").asLong()).isEqualTo(1);
    assertThat(stats.get("lastRetryCount").asLong()).as("X-Stainless-Retry-Count of the retry").isEqualTo(1);
    assertThat(stats.get("pendingForcedFaults").asLong()).isZero();
  }

  @Test
  void withoutRetriesA429IsARateLimitExceptionWithRetryHeaders() {
    simulator.failNext(1, 429);

    Throwable thrown = catchThrowable(() -> noRetries.chat().completions().create(chat()));

    assertThat(thrown).isInstanceOfSatisfying(RateLimitException.class, e -> {
      assertThat(e.statusCode()).isEqualTo(429);
      assertThat(e.code()).contains("rate_limit_exceeded");
      assertThat(e.type()).contains("requests");
      assertThat(e.headers().values("retry-after")).containsExactly("1");
      assertThat(e.headers().values("retry-after-ms")).containsExactly("10");
      assertThat(e.headers().values("x-request-id")).singleElement().asString().startsWith("req_");
      assertThat(e.getMessage()).contains("Rate limit reached for gpt-4o-mini");
    });
    assertThat(noRetries.chat().completions().create(chat()).choices()).as("only the next request failed").hasSize(1);
  }

  @Test
  void forced500sAreInternalServerErrorsAndRetried() {
    simulator.failNext(1, 500);
    assertThatThrownBy(() -> noRetries.chat().completions().create(chat()))
        .isInstanceOfSatisfying(InternalServerException.class, e -> {
          assertThat(e.statusCode()).isEqualTo(500);
          assertThat(e.type()).contains("server_error");
        });

    simulator.failNext(2, 503);
    assertThat(twoRetries.chat().completions().create(chat()).choices()).hasSize(1);
    assertThat(stats().get("byStatus").get("503").asLong()).isEqualTo(2);

    simulator.failNext(3, 502);
    assertThatThrownBy(() -> twoRetries.chat().completions().create(chat()))
        .as("three failures exhaust two retries")
        .isInstanceOfSatisfying(InternalServerException.class, e -> assertThat(e.statusCode()).isEqualTo(502));
  }

  @Test
  void aCutStreamEndsWithAnErrorAfterExactlyThatManyChunks() {
    simulator.setConfig(simulator.config().with("cutStreamAfterChunks", "3", "test"));
    List<ChatCompletionChunk> received = new ArrayList<>();

    Throwable thrown;
    try (StreamResponse<ChatCompletionChunk> stream = noRetries.chat().completions().createStreaming(chat())) {
      thrown = catchThrowable(() -> stream.stream().forEach(received::add));
    }

    assertThat(thrown).isInstanceOf(OpenAIIoException.class);
    assertThat(received).hasSize(3); // the role chunk and two tokens
    assertThat(stats().get("streamsCut").asLong()).isEqualTo(1);
    // Plain answers are not affected by the streams' cut setting.
    assertThat(noRetries.chat().completions().create(chat()).choices()).hasSize(1);
  }

  @Test
  void aForcedCutAppliesToTheNextResponseOnly() {
    simulator.cutNext(1, 5);
    List<ResponseStreamEvent> received = new ArrayList<>();
    ResponseCreateParams params = ResponseCreateParams.builder().model("gpt-4o-mini").input("Hello").build();

    try (StreamResponse<ResponseStreamEvent> stream = noRetries.responses().createStreaming(params)) {
      assertThat(catchThrowable(() -> stream.stream().forEach(received::add))).isInstanceOf(OpenAIIoException.class);
    }
    assertThat(received).hasSize(5);

    try (StreamResponse<ResponseStreamEvent> stream = noRetries.responses().createStreaming(params)) {
      assertThat(stream.stream().count()).isEqualTo(4 + 8 + 4);
    }
  }

  @Test
  void aForcedCutOfAPlainAnswerFailsTheCall() {
    simulator.cutNext(1, 0);

    assertThatThrownBy(() -> noRetries.chat().completions().create(chat())).isInstanceOf(OpenAIException.class);
    assertThat(stats().get("streamsCut").asLong()).isEqualTo(1);
  }

  @Test
  void randomFaultsFollowTheRatesAndTheSeed() {
    simulator.setConfig(simulator.config().with("error429Rate", "0.3", "t").with("error500Rate", "0.3", "t"));
    List<Integer> first = statuses(20);
    simulator.reset();
    simulator.setConfig(simulator.config().with("error429Rate", "0.3", "t").with("error500Rate", "0.3", "t"));
    List<Integer> second = statuses(20);

    assertThat(first).isEqualTo(second).contains(200, 429, 500);

    simulator.setConfig(simulator.config().with("error500Rate", "0", "t").with("error429Rate", "1", "t"));
    assertThat(statuses(5)).containsOnly(429);
  }

  private static List<Integer> statuses(int count) {
    List<Integer> statuses = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      try {
        noRetries.chat().completions().create(chat());
        statuses.add(200);
      } catch (RateLimitException e) {
        statuses.add(429);
      } catch (InternalServerException e) {
        statuses.add(e.statusCode());
      }
    }
    return statuses;
  }

  @Test
  void extraLatencySlowsEvenErrors() {
    simulator.setConfig(simulator.config().with("extraLatencyMs", "300", "t"));
    simulator.failNext(1, 500);

    long start = System.nanoTime();
    assertThatThrownBy(() -> noRetries.chat().completions().create(chat())).isInstanceOf(InternalServerException.class);
    assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isBetween(300L, 500L);
  }

  @Test
  void enforcedRateLimitsAnswer429WhenTheWindowIsUsedUp() {
    simulator.setConfig(
        simulator.config().with("rateLimitRequests", "2", "t").with("enforceRateLimits", "true", "t"));

    var first = noRetries.chat().completions().withRawResponse().create(chat());
    var second = noRetries.chat().completions().withRawResponse().create(chat());
    assertThat(first.headers().values("x-ratelimit-remaining-requests")).containsExactly("1");
    assertThat(second.headers().values("x-ratelimit-remaining-requests")).containsExactly("0");

    assertThatThrownBy(() -> noRetries.chat().completions().create(chat()))
        .isInstanceOfSatisfying(RateLimitException.class, e -> {
          assertThat(e.type()).contains("requests");
          assertThat(e.code()).contains("rate_limit_exceeded");
          assertThat(e.headers().values("x-ratelimit-remaining-requests")).containsExactly("0");
          assertThat(Long.parseLong(e.headers().values("retry-after").get(0))).isBetween(1L, 60L);
        });
    assertThat(stats().get("rateLimited").asLong()).isEqualTo(1);
  }

  @Test
  void abandonedStreamsAreCountedAsClientDisconnects() throws InterruptedException {
    simulator.setConfig(simulator.config().withTiming(0, 20, 200));

    try (StreamResponse<ChatCompletionChunk> stream = noRetries.chat().completions().createStreaming(chat())) {
      Iterator<ChatCompletionChunk> chunks = stream.stream().iterator();
      for (int i = 0; i < 3; i++) {
        chunks.next();
      }
    } // closing early drops the connection

    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(3);
    while (simulator.clientDisconnects() == 0 && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
    assertThat(simulator.clientDisconnects()).isEqualTo(1);
  }

  @Test
  void controlApi() {
    String admin = simulator.adminUrl();
    assertThat(RawHttp.json(RawHttp.get(admin + "/health")).get("status").asText()).isEqualTo("ok");
    JsonNode config = RawHttp.json(RawHttp.get(admin + "/config"));
    assertThat(config.get("seed").asLong()).isEqualTo(42);
    assertThat(config.get("cutStreamAfterChunks").asInt()).isEqualTo(-1);

    HttpResponse<String> changed = RawHttp.post(admin + "/config", "{\"tokensPerAnswer\":3,\"error500Rate\":0.25}");
    assertThat(changed.statusCode()).isEqualTo(200);
    assertThat(RawHttp.json(changed).get("tokensPerAnswer").asInt()).isEqualTo(3);
    assertThat(simulator.config().error500Rate()).isEqualTo(0.25);
    simulator.setConfig(simulator.config().with("error500Rate", "0", "t"));
    assertThat(noRetries.chat().completions().create(chat()).usage().orElseThrow().completionTokens()).isEqualTo(3);

    for (String bad : new String[] {"{\"nope\":1}", "{\"ttftMs\":-1}", "{\"error429Rate\":2}", "{\"ttftMs\":\"x\"}",
        "[1]", "not json", "{\"tokensPerAnswer\":1.5}"}) {
      HttpResponse<String> rejected = RawHttp.post(admin + "/config", bad);
      assertThat(rejected.statusCode()).as(bad).isEqualTo(400);
      assertThat(RawHttp.json(rejected).get("error").get("message").asText()).as(bad).isNotBlank();
    }
    assertThat(simulator.config().tokensPerAnswer()).as("a rejected change changes nothing").isEqualTo(3);

    HttpResponse<String> failNext = RawHttp.post(admin + "/fail-next", "{\"count\":2,\"status\":503}");
    assertThat(RawHttp.json(failNext).get("pending").asInt()).isEqualTo(2);
    assertThat(RawHttp.post(admin + "/fail-next", "{\"status\":200}").statusCode()).isEqualTo(400);
    assertThat(RawHttp.post(admin + "/fail-next", "{\"count\":1}").statusCode()).isEqualTo(400);
    assertThat(RawHttp.send("DELETE", admin + "/fail-next", null).statusCode()).isEqualTo(200);
    assertThat(simulator.pendingForcedFaults()).isZero();
    assertThat(RawHttp.post(admin + "/fail-next", "{\"cutStreamAfterChunks\":2}").statusCode()).isEqualTo(200);
    assertThat(simulator.pendingForcedFaults()).isEqualTo(1);

    HttpResponse<String> reset = RawHttp.post(admin + "/reset", "");
    assertThat(reset.statusCode()).isEqualTo(200);
    assertThat(RawHttp.json(reset).get("tokensPerAnswer").asInt()).isEqualTo(8);
    assertThat(simulator.pendingForcedFaults()).isZero();
    assertThat(stats().get("requests").asLong()).isZero();

    assertThat(RawHttp.send("PUT", admin + "/config", "{}").statusCode()).isEqualTo(405);
    assertThat(RawHttp.get(admin + "/nope").statusCode()).isEqualTo(404);
  }
}
