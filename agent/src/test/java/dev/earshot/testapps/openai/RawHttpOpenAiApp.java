package dev.earshot.testapps.openai;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import okhttp3.Call;
import okhttp3.Callback;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okio.BufferedSource;

/**
 * An application calling the OpenAI API without the SDK: OkHttp 4 and {@code java.net.http}
 * posting chat completions as JSON, plain and streamed (server-sent events), no agent awareness.
 *
 * <p>Arguments: the base URL of the configured OpenAI host ({@code http://127.0.0.1:P/v1}) and the
 * same API under a host name that is not configured ({@code http://localhost:P/v1}). One line per
 * call ({@code okhttp-plain model=... status=200 chunks=0 input=12 output=8}), then {@code SCENARIO
 * DONE raw}; the application then stays alive. Each call uses its own model so the test can tell
 * them apart. The calls start when a first line arrives on standard input.
 */
public final class RawHttpOpenAiApp {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final MediaType JSON_TYPE = MediaType.get("application/json");
  private static final String KEY = "sk-raw-test";

  public static void main(String[] args) throws Exception {
    String base = args[0];
    String unlisted = args[1];
    // Start on the first line of standard input: the test waits until the agent is up.
    new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
    OkHttpClient ok = new OkHttpClient.Builder().readTimeout(Duration.ofSeconds(30)).build();
    HttpClient jdk = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();

    print("okhttp-plain", "gpt-4o-mini", okhttp(ok, base, "gpt-4o-mini", false));
    print("okhttp-stream", "gpt-4o", okhttp(ok, base, "gpt-4o", true));
    print("okhttp-async", "gpt-4.1", okhttpAsync(ok, base, "gpt-4.1").join());

    HttpResponse<String> sync = jdk.send(jdkRequest(base, "gpt-4.1-mini", false), HttpResponse.BodyHandlers.ofString());
    print("jdk-sync", "gpt-4.1-mini", Result.of(sync.statusCode(), sync.body()));
    HttpResponse<String> async = jdk.sendAsync(jdkRequest(base, "gpt-4.1-nano", false), HttpResponse.BodyHandlers.ofString()).join();
    print("jdk-async", "gpt-4.1-nano", Result.of(async.statusCode(), async.body()));
    HttpResponse<Stream<String>> lines = jdk.send(jdkRequest(base, "gpt-5", true), HttpResponse.BodyHandlers.ofLines());
    try (Stream<String> body = lines.body()) {
      print("jdk-stream", "gpt-5", Result.ofEvents(lines.statusCode(), body.collect(Collectors.toList())));
    }
    HttpResponse<InputStream> streamed = jdk.sendAsync(jdkRequest(base, "gpt-5-mini", true), HttpResponse.BodyHandlers.ofInputStream()).join();
    try (InputStream body = streamed.body()) {
      List<String> events = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8)).lines().collect(Collectors.toList());
      print("jdk-async-stream", "gpt-5-mini", Result.ofEvents(streamed.statusCode(), events));
    }

    // The same API on a host that is not an OpenAI host: not measured.
    print("okhttp-unlisted", "gpt-5-nano", okhttp(ok, unlisted, "gpt-5-nano", false));
    HttpResponse<String> other = jdk.send(jdkRequest(unlisted, "gpt-5-nano", false), HttpResponse.BodyHandlers.ofString());
    print("jdk-unlisted", "gpt-5-nano", Result.of(other.statusCode(), other.body()));

    System.out.println("SCENARIO DONE raw");
    System.out.flush();
    Thread.sleep(Long.MAX_VALUE);
  }

  static String body(String model, boolean stream) {
    return "{\"model\":\"" + model + "\",\"messages\":[{\"role\":\"user\",\"content\":\"Say something short.\"}]"
        + (stream ? ",\"stream\":true,\"stream_options\":{\"include_usage\":true}" : "") + "}";
  }

  private static Result okhttp(OkHttpClient ok, String base, String model, boolean stream) throws IOException {
    Request request = new Request.Builder().url(base + "/chat/completions").header("Authorization", "Bearer " + KEY)
        .post(RequestBody.create(body(model, stream), JSON_TYPE)).build();
    try (Response response = ok.newCall(request).execute()) {
      if (!stream) {
        return Result.of(response.code(), response.body().string());
      }
      BufferedSource source = response.body().source();
      List<String> lines = new java.util.ArrayList<>();
      for (String line; (line = source.readUtf8Line()) != null; ) {
        lines.add(line);
      }
      return Result.ofEvents(response.code(), lines);
    }
  }

  private static CompletableFuture<Result> okhttpAsync(OkHttpClient ok, String base, String model) {
    CompletableFuture<Result> result = new CompletableFuture<>();
    Request request = new Request.Builder().url(base + "/chat/completions").header("Authorization", "Bearer " + KEY)
        .post(RequestBody.create(body(model, false), JSON_TYPE)).build();
    ok.newCall(request).enqueue(new Callback() {
      @Override
      public void onFailure(Call call, IOException e) {
        result.completeExceptionally(e);
      }

      @Override
      public void onResponse(Call call, Response response) {
        try (response) {
          result.complete(Result.of(response.code(), response.body().string()));
        } catch (IOException e) {
          result.completeExceptionally(e);
        }
      }
    });
    return result;
  }

  private static HttpRequest jdkRequest(String base, String model, boolean stream) {
    return HttpRequest.newBuilder(URI.create(base + "/chat/completions")).timeout(Duration.ofSeconds(30))
        .header("Authorization", "Bearer " + KEY).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body(model, stream))).build();
  }

  private static void print(String label, String model, Result result) {
    System.out.println(label + " model=" + model + " status=" + result.status + " responseModel=" + result.model
        + " chunks=" + result.chunks + " input=" + result.input + " output=" + result.output);
  }

  /** What one call answered: status, events (0 when not streamed), model and usage. */
  record Result(int status, int chunks, String model, long input, long output) {
    static Result of(int status, String body) {
      JsonNode json = parse(body);
      JsonNode usage = json.path("usage");
      return new Result(status, 0, json.path("model").asText(null), usage.path("prompt_tokens").asLong(-1),
          usage.path("completion_tokens").asLong(-1));
    }

    static Result ofEvents(int status, List<String> lines) {
      int chunks = 0;
      String model = null;
      long input = -1;
      long output = -1;
      for (String line : lines) {
        if (!line.startsWith("data:") || line.substring(5).trim().equals("[DONE]")) {
          continue;
        }
        chunks++;
        JsonNode json = parse(line.substring(5).trim());
        model = json.path("model").asText(model);
        JsonNode usage = json.path("usage");
        if (usage.isObject()) {
          input = usage.path("prompt_tokens").asLong(-1);
          output = usage.path("completion_tokens").asLong(-1);
        }
      }
      return new Result(status, chunks, model, input, output);
    }

    private static JsonNode parse(String text) {
      try {
        return JSON.readTree(text);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }
}
