package dev.earshot.testapps.genai;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.http.StreamResponse;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;

/**
 * An OpenAI-compatible API that misbehaves (malformed, binary, absurdly nested or absurdly named
 * JSON, a garbage event stream, a stream cut mid-way) on loopback, called with the official SDK,
 * OkHttp and {@code java.net.http}. Prints one line per call: what the application saw (status
 * and a digest of the bytes, the chunks, or the exception class), so that a run under the agent
 * can be compared line for line with a run without it, then {@code CALLS DONE}.
 */
public final class MisbehavingOpenAiApp {

  static final List<String> SCENARIOS = List.of("malformed-json", "deep-json", "binary-json", "odd-model", "garbage-sse", "cut-sse");

  private MisbehavingOpenAiApp() {}

  public static void main(String[] args) throws Exception {
    HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/", MisbehavingOpenAiApp::serve);
    String root = "http://127.0.0.1:" + server.getAddress().getPort();
    // The test says when to start (once the agent's metrics are up): GET /go.
    server.createContext("/go", exchange -> {
      send(exchange, "text/plain", "going".getBytes(StandardCharsets.UTF_8));
      Thread calls = new Thread(() -> {
        try {
          callAll(root);
        } catch (Exception e) {
          e.printStackTrace();
        }
      }, "calls");
      calls.start();
    });
    server.start();
    System.out.println("READY port=" + server.getAddress().getPort());
    Thread.sleep(Long.MAX_VALUE);
  }

  private static void callAll(String root) throws Exception {

    HttpClient jdk = HttpClient.newHttpClient();
    okhttp3.OkHttpClient okhttp = new okhttp3.OkHttpClient();
    String request = "{\"model\":\"gpt-4o-mini\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
    for (String scenario : SCENARIOS) {
      String url = root + "/" + scenario + "/v1/chat/completions";
      report(scenario, "jdk-string", () -> {
        HttpResponse<byte[]> r = jdk.send(HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(request)).build(), HttpResponse.BodyHandlers.ofByteArray());
        return "status=" + r.statusCode() + " " + digest(r.body());
      });
      report(scenario, "jdk-stream", () -> {
        HttpResponse<InputStream> r = jdk.send(HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(request)).build(), HttpResponse.BodyHandlers.ofInputStream());
        try (InputStream in = r.body()) {
          return "status=" + r.statusCode() + " " + digest(readInSmallPieces(in));
        }
      });
      report(scenario, "okhttp", () -> {
        okhttp3.Request r = new okhttp3.Request.Builder().url(url)
            .post(okhttp3.RequestBody.create(request, okhttp3.MediaType.get("application/json"))).build();
        try (okhttp3.Response response = okhttp.newCall(r).execute()) {
          return "status=" + response.code() + " " + digest(response.body().bytes());
        }
      });
      OpenAIClient sdk = OpenAIOkHttpClient.builder().baseUrl(root + "/" + scenario + "/v1").apiKey("sk-test").maxRetries(0).build();
      ChatCompletionCreateParams params = ChatCompletionCreateParams.builder().model("gpt-4o-mini").addUserMessage("hi").build();
      if (scenario.endsWith("-sse")) {
        report(scenario, "sdk-stream", () -> {
          StringBuilder seen = new StringBuilder();
          try (StreamResponse<ChatCompletionChunk> stream = sdk.chat().completions().createStreaming(params)) {
            stream.stream().forEach(chunk -> seen.append(chunk.id()).append(';'));
          }
          return "chunks " + digest(seen.toString().getBytes(StandardCharsets.UTF_8));
        });
      } else {
        report(scenario, "sdk", () -> {
          ChatCompletion completion = sdk.chat().completions().create(params);
          return "model=" + completion.model();
        });
      }
    }
    System.out.println("CALLS DONE");
  }

  private interface Call {
    String run() throws Exception;
  }

  private static void report(String scenario, String client, Call call) {
    String outcome;
    try {
      outcome = call.run();
    } catch (Throwable t) {
      Throwable root = t;
      while (root.getCause() != null && root.getCause() != root) {
        root = root.getCause();
      }
      outcome = "error=" + t.getClass().getName() + " cause=" + root.getClass().getName();
    }
    System.out.println("CALL " + scenario + " " + client + " " + outcome);
  }

  /** Reads as a streaming application does: a few bytes at a time. */
  private static byte[] readInSmallPieces(InputStream in) throws IOException {
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    byte[] piece = new byte[7];
    int n;
    while ((n = in.read(piece)) >= 0) {
      out.write(piece, 0, n);
    }
    return out.toByteArray();
  }

  private static String digest(byte[] bytes) throws Exception {
    return "bytes=" + bytes.length + " sha256=" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes)).substring(0, 16);
  }

  private static void serve(HttpExchange exchange) throws IOException {
    exchange.getRequestBody().readAllBytes();
    String scenario = exchange.getRequestURI().getPath().split("/")[1];
    switch (scenario) {
      case "malformed-json" -> send(exchange, "application/json",
          "{\"id\":\"x\",\"model\":\"gpt-x\",\"usage\":{\"prompt_tokens\":12,\"completion_tokens\":}}]]]\"\\".getBytes(StandardCharsets.UTF_8));
      case "deep-json" -> send(exchange, "application/json",
          ("[".repeat(5000) + "]".repeat(5000) + "{\"model\":\"m\",\"usage\":{\"prompt_tokens\":1}}").getBytes(StandardCharsets.UTF_8));
      case "binary-json" -> {
        byte[] noise = new byte[4096];
        new Random(42).nextBytes(noise);
        send(exchange, "application/json", noise);
      }
      case "odd-model" -> send(exchange, "application/json",
          ("{\"id\":\"x\",\"object\":\"chat.completion\",\"created\":1,\"model\":\"" + "m\\\"o\\u0000d".repeat(3000)
              + "\",\"choices\":[],\"usage\":{\"prompt_tokens\":99999999999999999999999,\"completion_tokens\":-3,\"total_tokens\":1.5e3}}")
              .getBytes(StandardCharsets.UTF_8));
      case "garbage-sse" -> send(exchange, "text/event-stream",
          ("data: {not json\n\n: a comment\n\ndata:\n\nevent: x\ndata: {\"id\":\"c1\",\"object\":\"chat.completion.chunk\",\"created\":1,"
              + "\"model\":\"" + "n".repeat(10_000) + "\",\"choices\":[]}\n\n\r\n\rdata: {\"id\":\"c2\",\"object\":\"chat.completion.chunk\","
              + "\"created\":1,\"model\":\"m\",\"choices\":[]}\n\ndata: [DONE]\n\n").getBytes(StandardCharsets.UTF_8));
      case "cut-sse" -> {
        exchange.getResponseHeaders().set("Content-Type", "text/event-stream");
        exchange.sendResponseHeaders(200, 0);
        OutputStream out = exchange.getResponseBody();
        for (int i = 1; i <= 2; i++) {
          out.write(("data: {\"id\":\"c" + i + "\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"m\",\"choices\":[]}\n\n")
              .getBytes(StandardCharsets.UTF_8));
          out.flush();
        }
        // Throwing out of the handler makes the JDK server drop the connection mid-stream.
        throw new IllegalStateException("cut");
      }
      default -> send(exchange, "text/plain", new byte[0]);
    }
  }

  private static void send(HttpExchange exchange, String contentType, byte[] body) throws IOException {
    exchange.getResponseHeaders().set("Content-Type", contentType);
    exchange.sendResponseHeaders(200, body.length == 0 ? -1 : body.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(body);
    }
  }
}
