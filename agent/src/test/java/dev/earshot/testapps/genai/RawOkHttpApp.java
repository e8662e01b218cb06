package dev.earshot.testapps.genai;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import okhttp3.Call;
import okhttp3.Callback;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

/**
 * Plain OkHttp (whichever version is on the class path) calling a small OpenAI-like API on
 * loopback: a blocking JSON call, a blocking streamed call, an enqueued JSON call; plus a request
 * carrying the SDK's {@code X-Stainless-Lang} header and one to a host:port that is not an OpenAI
 * host, neither of which the okhttp instrumentation may count. The API listens on the port given as
 * the first argument; {@code GET /go} there starts the calls; prints {@code CALLS DONE} after them.
 */
public final class RawOkHttpApp {

  public static final String PLAIN = "{\"id\":\"c\",\"object\":\"chat.completion\",\"model\":\"gpt-4o-mini-2024-07-18\",\"choices\":[],"
      + "\"usage\":{\"prompt_tokens\":12,\"completion_tokens\":5,\"prompt_tokens_details\":{\"audio_tokens\":4}}}";

  private RawOkHttpApp() {}

  public static void main(String[] args) throws Exception {
    HttpServer api = server(Integer.parseInt(args[0]));
    api.createContext("/v1/chat/completions", RawOkHttpApp::chat);
    HttpServer other = server(0);
    other.createContext("/v1/chat/completions", RawOkHttpApp::chat);
    String openAi = "http://127.0.0.1:" + api.getAddress().getPort() + "/v1/chat/completions";
    String notOpenAi = "http://127.0.0.1:" + other.getAddress().getPort() + "/v1/chat/completions";
    api.createContext("/go", exchange -> {
      send(exchange, "text/plain", "going");
      new Thread(() -> {
        try {
          callAll(openAi, notOpenAi);
        } catch (Exception e) {
          e.printStackTrace();
        }
      }, "calls").start();
    });
    api.start();
    other.start();
    System.out.println("OKHTTP " + okhttp3.OkHttp.VERSION);
    System.out.println("READY port=" + api.getAddress().getPort() + " other=" + other.getAddress().getPort());
    Thread.sleep(Long.MAX_VALUE);
  }

  private static void callAll(String openAi, String notOpenAi) throws Exception {
    OkHttpClient client = new OkHttpClient.Builder().build();
    MediaType json = MediaType.get("application/json");
    String plain = "{\"model\":\"gpt-4o-mini\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
    String streamed = "{\"model\":\"gpt-4o-mini\",\"stream\":true,\"stream_options\":{\"include_usage\":true},\"messages\":[]}";

    try (Response r = client.newCall(new Request.Builder().url(openAi).post(RequestBody.create(plain, json)).build()).execute()) {
      System.out.println("plain " + r.code() + " " + r.body().string().length());
    }
    try (Response r = client.newCall(new Request.Builder().url(openAi).post(RequestBody.create(streamed, json)).build()).execute()) {
      int events = 0;
      for (String line : r.body().string().split("\n")) {
        events += line.startsWith("data: ") ? 1 : 0;
      }
      System.out.println("streamed " + r.code() + " events=" + events);
    }
    CompletableFuture<String> async = new CompletableFuture<>();
    client.newCall(new Request.Builder().url(openAi).post(RequestBody.create(plain, json)).build()).enqueue(new Callback() {
      @Override
      public void onFailure(Call call, IOException e) {
        async.completeExceptionally(e);
      }

      @Override
      public void onResponse(Call call, Response response) throws IOException {
        try (response) {
          async.complete(response.code() + " " + response.body().string().length());
        }
      }
    });
    System.out.println("async " + async.get(30, TimeUnit.SECONDS));
    try (Response r = client.newCall(new Request.Builder().url(openAi).header("X-Stainless-Lang", "java")
        .post(RequestBody.create(plain, json)).build()).execute()) {
      System.out.println("sdk-marked " + r.code() + " " + r.body().string().length());
    }
    try (Response r = client.newCall(new Request.Builder().url(notOpenAi).post(RequestBody.create(plain, json)).build()).execute()) {
      System.out.println("not-openai " + r.code() + " " + r.body().string().length());
    }
    System.out.println("CALLS DONE");
  }

  private static HttpServer server(int port) throws IOException {
    return HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
  }

  private static void chat(HttpExchange exchange) throws IOException {
    String request = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("x-ratelimit-remaining-requests", "41");
    exchange.getResponseHeaders().set("x-ratelimit-remaining-tokens", "4000");
    if (!request.contains("\"stream\":true")) {
      send(exchange, "application/json", PLAIN);
      return;
    }
    exchange.getResponseHeaders().set("Content-Type", "text/event-stream");
    exchange.sendResponseHeaders(200, 0);
    try (OutputStream out = exchange.getResponseBody()) {
      for (String word : new String[] {"Hello", " there", "!"}) {
        out.write(("data: {\"id\":\"c\",\"object\":\"chat.completion.chunk\",\"model\":\"gpt-4o-mini-2024-07-18\","
            + "\"choices\":[{\"index\":0,\"delta\":{\"content\":\"" + word + "\"}}],\"usage\":null}\n\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
      }
      out.write(("data: {\"id\":\"c\",\"object\":\"chat.completion.chunk\",\"model\":\"gpt-4o-mini-2024-07-18\",\"choices\":[],"
          + "\"usage\":{\"prompt_tokens\":12,\"completion_tokens\":3}}\n\ndata: [DONE]\n\n").getBytes(StandardCharsets.UTF_8));
    }
  }

  private static void send(HttpExchange exchange, String contentType, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", contentType);
    exchange.sendResponseHeaders(200, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }
}
