package dev.earshot.testapps.startup;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.http.StreamResponse;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.chat.completions.ChatCompletionStreamOptions;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.ContextHandler;
import org.eclipse.jetty.server.handler.ContextHandlerCollection;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.server.WebSocketUpgradeHandler;

/**
 * Everything in the first moments of {@code main}, with no wait for the agent: the JDK's HTTP
 * server is started and requested 20 times, an embedded Jetty
 * (a servlet and a Jetty-API WebSocket endpoint) is started and requested once, a Realtime
 * conversation is held with it over {@code java.net.http.WebSocket} (both ends instrumented), and
 * one streamed and one plain OpenAI SDK chat completion are made against the simulator.
 *
 * <p>Before each step it tells whether the agent's Prometheus port already answered (it opens
 * only once the metrics SDK is built): {@code STEP http sdk-up=false}. Prints {@code DONE} at the end
 * and stays alive for the scrape. Arguments: the simulator's base URL, the agent's metrics port.
 */
public final class FirstMomentsApp {

  /** The Realtime conversation: the client's events, each followed by the server's answers to it. */
  static final List<List<String>> CONVERSATION = List.of(
      List.of(event("session.update")),
      List.of(event("input_audio_buffer.speech_started")),
      List.of(event("input_audio_buffer.speech_stopped")),
      List.of(event("input_audio_buffer.committed"),
          event("response.created"), event("response.output_audio.delta"), event("response.output_audio.delta"), done("completed")),
      List.of(event("input_audio_buffer.speech_started")),
      List.of(event("input_audio_buffer.committed"), event("response.created"), event("response.output_audio.delta")),
      List.of(event("input_audio_buffer.speech_started"), done("cancelled")));

  static final int FIRST_REQUESTS = 20;

  public static void main(String[] args) throws Exception {
    String simulator = args[0];
    int metricsPort = Integer.parseInt(args[1]);

    step("jdk-http", metricsPort);
    com.sun.net.httpserver.HttpServer jdkServer = com.sun.net.httpserver.HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    jdkServer.createContext("/first", exchange -> {
      byte[] body = "first".getBytes(StandardCharsets.UTF_8);
      exchange.sendResponseHeaders(200, body.length);
      exchange.getResponseBody().write(body);
      exchange.close();
    });
    jdkServer.start();
    for (int i = 0; i < FIRST_REQUESTS; i++) {
      String status = rawGet(jdkServer.getAddress().getPort(), "/first");
      if (!status.equals("HTTP/1.1 200 OK")) {
        throw new IllegalStateException(status);
      }
    }
    System.out.println("jdk-http requests=" + FIRST_REQUESTS);

    step("jetty", metricsPort);
    Server server = new Server();
    ServerConnector connector = new ServerConnector(server);
    connector.setHost("127.0.0.1");
    connector.setPort(0);
    server.addConnector(connector);
    ServletContextHandler servlets = new ServletContextHandler(ServletContextHandler.NO_SESSIONS);
    servlets.setContextPath("/");
    servlets.addServlet(HelloServlet.class, "/hello");
    ContextHandler ws = new ContextHandler("/ws");
    ws.setHandler(WebSocketUpgradeHandler.from(server, ws,
        container -> container.addMapping("/realtime", (request, response, callback) -> new RealtimeServer())));
    server.setHandler(new ContextHandlerCollection(ws, servlets));
    server.start();
    int port = connector.getLocalPort();

    step("http", metricsPort);
    HttpClient http = HttpClient.newHttpClient();
    HttpResponse<String> hello = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/hello")).build(),
        HttpResponse.BodyHandlers.ofString());
    System.out.println("http status=" + hello.statusCode() + " body=" + hello.body());

    step("websocket", metricsPort);
    converse(http, port);

    step("openai", metricsPort);
    OpenAIClient openai = OpenAIOkHttpClient.builder().baseUrl(simulator).apiKey("sk-test").build();
    ChatCompletionCreateParams params = ChatCompletionCreateParams.builder().model("gpt-4o-mini").addUserMessage("Hello there").build();
    ChatCompletion completion = openai.chat().completions().create(params);
    System.out.println("chat input=" + completion.usage().get().promptTokens() + " output=" + completion.usage().get().completionTokens());
    ChatCompletionCreateParams streamed = params.toBuilder()
        .streamOptions(ChatCompletionStreamOptions.builder().includeUsage(true).build()).build();
    long chunks = 0;
    try (StreamResponse<ChatCompletionChunk> stream = openai.chat().completions().createStreaming(streamed)) {
      for (ChatCompletionChunk chunk : (Iterable<ChatCompletionChunk>) stream.stream()::iterator) {
        chunks++;
        if (chunk.usage().isPresent()) {
          System.out.println("stream input=" + chunk.usage().get().promptTokens() + " output=" + chunk.usage().get().completionTokens());
        }
      }
    }
    System.out.println("stream chunks=" + chunks);
    System.out.println("DONE");
    Thread.sleep(Long.MAX_VALUE);
  }

  /** Holds the conversation as a client, one client event at a time, waiting for each of its answers. */
  private static void converse(HttpClient http, int port) throws Exception {
    BlockingQueue<String> received = new LinkedBlockingQueue<>();
    CompletableFuture<Integer> closed = new CompletableFuture<>();
    WebSocket.Listener listener = new WebSocket.Listener() {
      private final StringBuilder text = new StringBuilder();

      @Override
      public CompletionStage<?> onText(WebSocket socket, CharSequence data, boolean last) {
        text.append(data);
        if (last) {
          received.add(text.toString());
          text.setLength(0);
        }
        socket.request(1);
        return null;
      }

      @Override
      public CompletionStage<?> onClose(WebSocket socket, int code, String reason) {
        closed.complete(code);
        return null;
      }
    };
    WebSocket socket = http.newWebSocketBuilder().buildAsync(URI.create("ws://127.0.0.1:" + port + "/ws/realtime"), listener)
        .get(10, TimeUnit.SECONDS);
    for (List<String> exchange : CONVERSATION) {
      socket.sendText(exchange.get(0), true).get(10, TimeUnit.SECONDS);
      for (String answer : exchange.subList(1, exchange.size())) {
        String got = received.poll(10, TimeUnit.SECONDS);
        if (!answer.equals(got)) {
          throw new IllegalStateException("expected " + answer + " but got " + got);
        }
      }
    }
    socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye").get(10, TimeUnit.SECONDS);
    System.out.println("websocket closed=" + closed.get(10, TimeUnit.SECONDS));
  }

  /** The server end: answers each client event with the answers the conversation lists for it. */
  public static final class RealtimeServer extends org.eclipse.jetty.websocket.api.Session.Listener.AbstractAutoDemanding {
    private int exchange;

    @Override
    public void onWebSocketText(String message) {
      List<String> answers = CONVERSATION.get(exchange++);
      for (String answer : answers.subList(1, answers.size())) {
        getSession().sendText(answer, Callback.NOOP);
      }
    }
  }

  public static final class HelloServlet extends HttpServlet {
    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
      response.setContentType("text/plain");
      response.getOutputStream().write("hello".getBytes(StandardCharsets.UTF_8));
    }
  }

  /** A plain HTTP/1.1 GET on a socket: no client library to load first. @return the status line */
  private static String rawGet(int port, String path) throws IOException {
    try (Socket socket = new Socket("127.0.0.1", port)) {
      socket.getOutputStream().write(("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
          .getBytes(StandardCharsets.US_ASCII));
      String response = new String(socket.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
      return response.substring(0, response.indexOf('\r'));
    }
  }

  private static void step(String name, int metricsPort) {
    System.out.println("STEP " + name + " sdk-up=" + metricsPortOpen(metricsPort));
  }

  private static boolean metricsPortOpen(int metricsPort) {
    try (Socket probe = new Socket()) {
      probe.connect(new InetSocketAddress("127.0.0.1", metricsPort), 200);
      return true;
    } catch (IOException refused) {
      return false;
    }
  }

  private static String event(String type) {
    return "{\"type\":\"" + type + "\",\"event_id\":\"event_1\"}";
  }

  private static String done(String status) {
    return "{\"type\":\"response.done\",\"event_id\":\"event_2\",\"response\":{\"object\":\"realtime.response\",\"id\":\"resp_1\","
        + "\"status\":\"" + status + "\",\"output\":[],\"usage\":{\"total_tokens\":30,\"input_tokens\":10,\"output_tokens\":20}}}";
  }
}
