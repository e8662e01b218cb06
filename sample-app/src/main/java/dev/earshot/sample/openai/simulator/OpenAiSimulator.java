package dev.earshot.sample.openai.simulator;

import com.sun.net.httpserver.HttpExchange;
import dev.earshot.sample.openai.simulator.realtime.RealtimeFault;
import dev.earshot.sample.openai.simulator.realtime.RealtimeService;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.UnaryOperator;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.eclipse.jetty.websocket.server.WebSocketUpgradeHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An OpenAI-compatible HTTP API for tests, demos and load tests: the official SDKs parse its
 * answers unmodified, its timing (time to first token, delay per token) is exact and configurable,
 * and it injects faults on demand (429 with retry headers, 500, any status, slow responses, streams
 * cut mid-way). It makes everything up, deterministically under a seed, and never calls OpenAI.
 *
 * <p>Run it on its own with {@code java -cp earshot-sample-app.jar
 * dev.earshot.sample.openai.simulator.OpenAiSimulator --port 8090} (see {@link
 * SimulatorOptions#USAGE}); once it accepts connections it prints exactly one line, {@code OpenAI
 * simulator listening on http://HOST:PORT/v1}. Or start it in-process with {@link
 * #start(SimulatorOptions)}, as the sample assistant does without an API key.
 *
 * <p>API (paths under {@code /v1}; every request needs {@code Authorization: Bearer <anything
 * non-empty>}, else 401): {@code POST chat/completions}, {@code POST responses}, {@code POST
 * embeddings}, {@code POST audio/transcriptions}, {@code POST audio/speech}, {@code POST
 * realtime/client_secrets}, {@code POST realtime/sessions}, {@code GET models}; anything else is
 * OpenAI's 404 {@code Invalid URL}. The control API is described in {@link AdminEndpoint}.
 *
 * <p>Realtime: a WebSocket upgrade of {@code GET /v1/realtime?model=...} on the same port ({@link
 * #realtimeUrl()}: the base URL with {@code http} swapped for {@code ws}, as {@code
 * https://api.openai.com/v1} becomes {@code wss://api.openai.com/v1/realtime}) opens a voice
 * conversation: server VAD on the caller's PCM16 24 kHz audio, made-up transcripts, spoken answers
 * as real PCM paced at playback speed, barge-in, usage and rate limits, GA or beta event names.
 * Authorization and dialect are described in {@link RealtimeUpgrade}, the conversation in {@link
 * dev.earshot.sample.openai.simulator.realtime.RealtimeSimulatorSession}; its timing is set by the
 * {@code realtime*} settings of {@link SimulatorConfig}, its faults by {@link
 * #realtimeFailNext(int, RealtimeFault)}.
 *
 * <p>It is a Jetty 12 core server (no servlets) with its own thread pool (one thread per in-flight
 * request, up to about {@value #MAX_THREADS}, then requests queue). Jetty rather than the JDK's
 * {@code com.sun.net.httpserver} because the JDK server cannot upgrade a connection to WebSocket,
 * and the Realtime API must be served on the same port as the rest so that a client derives its URL
 * from the base URL the way it does for OpenAI. The HTTP endpoints are still written against
 * {@link HttpExchange}, adapted by {@link JettyExchange}. It logs no request bodies, headers or keys.
 */
public final class OpenAiSimulator implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(OpenAiSimulator.class);

  static final int MAX_THREADS = 512;

  /**
   * Outlives OkHttp's 5-minute keep-alive so that pooled connections are not closed under the
   * client. (Jetty's connector sets TCP_NODELAY by default: Nagle's algorithm would hold a small
   * SSE chunk back for a delayed ACK, up to 40 ms on Linux, and ruin per-token timing.)
   */
  static final long IDLE_TIMEOUT_MS = 330_000;

  private final Server server;
  private final ServerConnector connector;
  private final SimulatorOptions options;
  private final SimulatorConfig initialConfig;
  private volatile SimulatorConfig config;
  private final AtomicLong sequence = new AtomicLong();
  private final AtomicBoolean closed = new AtomicBoolean();
  private final SimulatorStats stats = new SimulatorStats();
  private final RateLimitWindow rateLimits = new RateLimitWindow();
  private final FaultInjector faults = new FaultInjector();
  private final PromptCache promptCache = new PromptCache();
  private final Map<String, Endpoint> endpoints = new LinkedHashMap<>();
  private final AdminEndpoint admin = new AdminEndpoint(this);
  private final RealtimeService realtime = new RealtimeService(this::config);

  private OpenAiSimulator(Server server, ServerConnector connector, SimulatorOptions options) {
    this.server = server;
    this.connector = connector;
    this.options = options;
    this.initialConfig = options.config();
    this.config = options.config();
    endpoints.put("POST /v1/chat/completions", new ChatCompletionsEndpoint());
    endpoints.put("POST /v1/responses", new ResponsesEndpoint());
    endpoints.put("POST /v1/embeddings", new EmbeddingsEndpoint());
    endpoints.put("POST /v1/audio/transcriptions", new TranscriptionsEndpoint());
    endpoints.put("POST /v1/audio/speech", new SpeechEndpoint());
    endpoints.put("POST /v1/realtime/client_secrets", RealtimeEndpoints::clientSecrets);
    endpoints.put("POST /v1/realtime/sessions", RealtimeEndpoints::betaSessions);
    endpoints.put("GET /v1/models", new ModelsEndpoint());
  }

  /** Starts the simulator; returns once it accepts connections. */
  public static OpenAiSimulator start(SimulatorOptions options) {
    Objects.requireNonNull(options, "options");
    // A few threads beyond the request limit for Jetty's acceptor and selector.
    QueuedThreadPool threads = new QueuedThreadPool(MAX_THREADS + 8, 2, 30_000);
    threads.setName("openai-simulator");
    threads.setDaemon(true);
    Server server = new Server(threads);
    HttpConfiguration http = new HttpConfiguration();
    http.setSendServerVersion(false);
    ServerConnector connector = new ServerConnector(server, 1, 1, new HttpConnectionFactory(http));
    connector.setHost(options.host());
    connector.setPort(options.port());
    connector.setAcceptQueueSize(128);
    connector.setIdleTimeout(IDLE_TIMEOUT_MS);
    server.addConnector(connector);
    // close() means at once: no graceful wait for streams in flight.
    server.setStopTimeout(0);
    OpenAiSimulator simulator = new OpenAiSimulator(server, connector, options);
    WarmUp.run(simulator);
    RealtimeUpgrade upgrade = new RealtimeUpgrade(simulator.realtime, simulator.stats);
    WebSocketUpgradeHandler webSockets = WebSocketUpgradeHandler.from(server, container -> {
      container.addMapping(RealtimeUpgrade.PATH, upgrade);
      // OpenAI accepts appends of up to 15 MiB and keeps a quiet session open for its whole life.
      container.setMaxTextMessageSize(16L * 1024 * 1024);
      container.setIdleTimeout(Duration.ofMinutes(30));
    });
    webSockets.setHandler(simulator.new ApiHandler());
    server.setHandler(webSockets);
    try {
      server.start();
    } catch (Exception e) {
      simulator.close();
      throw new UncheckedIOException("cannot listen on " + options.host() + ":" + options.port(),
          e instanceof IOException io ? io : new IOException(e));
    }
    return simulator;
  }

  public static void main(String[] args) {
    OpenAiSimulator simulator;
    try {
      simulator = run(args, System.getenv(), System.out);
    } catch (SimulatorOptions.HelpRequestedException e) {
      System.out.println(SimulatorOptions.USAGE);
      return;
    } catch (IllegalArgumentException e) {
      System.err.println("error: " + e.getMessage());
      System.err.println(SimulatorOptions.USAGE);
      System.exit(2);
      return;
    } catch (UncheckedIOException e) {
      System.err.println("error: could not start the OpenAI simulator: " + e.getMessage()
          + (e.getCause() == null ? "" : " (" + e.getCause().getMessage() + ")"));
      System.exit(1);
      return;
    }
    Runtime.getRuntime().addShutdownHook(new Thread(simulator::close, "openai-simulator-shutdown"));
    // Jetty's threads are daemons (an in-process simulator must never keep its host JVM alive),
    // so the standalone simulator's main thread is what keeps this JVM running.
    try {
      simulator.server.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Resolves the options, starts, and prints the startup line on {@code out}; for main and tests. */
  public static OpenAiSimulator run(String[] args, Map<String, String> env, PrintStream out) {
    OpenAiSimulator simulator = start(SimulatorOptions.resolve(args, env));
    out.println(simulator.startupLine());
    out.flush();
    return simulator;
  }

  /** {@code OpenAI simulator listening on http://HOST:PORT/v1}; harnesses wait for this line. */
  public String startupLine() {
    return "OpenAI simulator listening on " + baseUrl();
  }

  /** The API base URL, e.g. {@code http://127.0.0.1:8090/v1}: what {@code OPENAI_BASE_URL} takes. */
  public String baseUrl() {
    return rootUrl() + "/v1";
  }

  /** The Realtime WebSocket URL, e.g. {@code ws://127.0.0.1:8090/v1/realtime} (add {@code ?model=...}). */
  public String realtimeUrl() {
    return "ws" + baseUrl().substring("http".length()) + "/realtime";
  }

  /** The control API's base URL, e.g. {@code http://127.0.0.1:8090/_simulator}. */
  public String adminUrl() {
    return rootUrl() + AdminEndpoint.PREFIX;
  }

  private String rootUrl() {
    String host = options.host();
    if (host.contains(":") && !host.startsWith("[")) {
      host = "[" + host + "]";
    }
    return "http://" + host + ":" + port();
  }

  public int port() {
    return connector.getLocalPort();
  }

  public SimulatorConfig config() {
    return config;
  }

  /** Replaces the configuration; requests already in flight keep the one they started with. */
  public void setConfig(SimulatorConfig newConfig) {
    this.config = Objects.requireNonNull(newConfig, "config");
  }

  public synchronized void updateConfig(UnaryOperator<SimulatorConfig> change) {
    setConfig(change.apply(config));
  }

  /** Makes each of the next {@code count} API requests fail with {@code status} (400-599). */
  public void failNext(int count, int status) {
    faults.failNext(count, status);
  }

  /** Cuts each of the next {@code count} API responses after {@code chunks} chunks. */
  public void cutNext(int count, int chunks) {
    faults.cutNext(count, chunks);
  }

  public void clearForcedFaults() {
    faults.clear();
    realtime.clearFaults();
  }

  public int pendingForcedFaults() {
    return faults.pending();
  }

  /**
   * Makes each of the next {@code count} Realtime responses (on any connection) fail instead:
   * the connection dropped without a close frame, closed with a code, or an {@code error} event
   * followed by {@code response.done} status {@code failed}.
   */
  public void realtimeFailNext(int count, RealtimeFault fault) {
    realtime.failNext(count, fault);
  }

  public int pendingRealtimeFaults() {
    return realtime.pendingFaults();
  }

  /** The Realtime conversations' shared state: counters, ephemeral keys, faults. */
  public RealtimeService realtime() {
    return realtime;
  }

  /** Back to the start configuration with all counters, queues and windows empty. */
  public synchronized void reset() {
    config = initialConfig;
    faults.clear();
    stats.reset();
    realtime.reset();
    rateLimits.reset();
    promptCache.clear();
    sequence.set(0);
  }

  /** The counters of {@code GET /_simulator/stats}. */
  public Map<String, Object> stats() {
    Map<String, Object> json = stats.toJson(faults.pending());
    json.put("realtime", realtime.stats().toJson());
    return json;
  }

  /** API requests being answered right now. */
  public long inFlight() {
    return stats.inFlight();
  }

  /** How many responses were abandoned by their client mid-way (a write failed). */
  public long clientDisconnects() {
    return stats.clientDisconnects();
  }

  /** Stops at once; streams in flight are interrupted. Safe to call more than once. */
  @Override
  public void close() {
    if (closed.compareAndSet(false, true)) {
      try {
        server.stop();
      } catch (Exception e) {
        LOG.warn("OpenAI simulator did not stop cleanly: {}", e.toString());
      }
      realtime.close();
    }
  }

  SimulatorStats statsCounters() {
    return stats;
  }

  // Accessors for SimExchange and the endpoints.
  RateLimitWindow rateLimits() {
    return rateLimits;
  }

  PromptCache promptCache() {
    return promptCache;
  }

  private void handle(HttpExchange http) throws IOException {
    long arrival = System.nanoTime();
    String path = http.getRequestURI().getPath();
    if (path.equals(AdminEndpoint.PREFIX) || path.startsWith(AdminEndpoint.PREFIX + "/")) {
      admin.handle(http);
      return;
    }
    SimulatorConfig current = config;
    SimExchange exchange = new SimExchange(http, this, current, arrival, sequence.incrementAndGet());
    stats.started();
    try {
      handleApi(exchange, normalise(path));
    } catch (SimExchange.StreamCut e) {
      stats.streamCut();
      throw e; // the server closes the connection without ending the response
    } catch (SimExchange.ClientGone e) {
      stats.clientDisconnect();
      http.close();
    } catch (IOException e) {
      // Interrupted by close(), or the client went away while the body was read.
      http.close();
    } catch (RuntimeException e) {
      // The class and the failing frame only: a message could quote the request body.
      StackTraceElement[] frames = e.getStackTrace();
      LOG.warn("OpenAI simulator failed on {} {}: {} at {}", http.getRequestMethod(), path,
          e.getClass().getName(), frames.length > 0 ? frames[0] : "?");
      if (!exchange.responseStarted()) {
        exchange.sendJson(500, OpenAiError.forStatus(500, "").body());
      } else {
        throw new IOException(e);
      }
    } finally {
      stats.finished();
    }
  }

  /** Runs an in-memory request through the API code with the given configuration; see {@link WarmUp}. */
  void handleInMemory(HttpExchange http, SimulatorConfig withConfig) throws IOException {
    SimExchange exchange = new SimExchange(http, this, withConfig, System.nanoTime(), 0);
    try {
      handleApi(exchange, http.getRequestURI().getPath());
    } catch (SimExchange.StreamCut | SimExchange.ClientGone e) {
      // nothing to clean up in memory
    }
  }

  private void handleApi(SimExchange exchange, String path) throws IOException {
    HttpExchange http = exchange.http();
    stats.retryCount(http.getRequestHeaders().getFirst("X-Stainless-Retry-Count"));
    if (!authorised(http.getRequestHeaders().getFirst("Authorization"))) {
      exchange.sendError(OpenAiError.missingApiKey());
      return;
    }
    String method = http.getRequestMethod();
    Endpoint endpoint = endpoints.get(method + " " + path);
    if (endpoint == null) {
      exchange.sendError(OpenAiError.invalidUrl(method, path));
      return;
    }
    stats.request(method + " " + path);
    if (!exchange.readBody()) {
      return;
    }
    SimulatorConfig current = exchange.config;
    if (!rateLimits.tryAcquireRequest(exchange.arrivalNanos, current)) {
      stats.rateLimited();
      exchange.sendWindowExhausted("requests", current.rateLimitRequests(), 1);
      return;
    }
    FaultInjector.Fault fault = faults.decide(exchange.random, current);
    if (fault.failsWithStatus()) {
      stats.injected(fault.status());
      exchange.sendInjectedFault(fault.status());
      return;
    }
    exchange.fault(fault);
    endpoint.handle(exchange);
  }

  /** {@code Authorization: Bearer <non-empty>}, as OpenAI requires. */
  static boolean authorised(String authorization) {
    if (authorization == null) {
      return false;
    }
    String value = authorization.trim();
    return value.regionMatches(true, 0, "Bearer ", 0, 7) && !value.substring(7).isBlank();
  }

  private static String normalise(String path) {
    return path.length() > 1 && path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
  }

  /** Every HTTP request: the API and the control API, through the JDK-style exchange. */
  private final class ApiHandler extends Handler.Abstract {
    @Override
    public boolean handle(Request request, Response response, Callback callback) {
      JettyExchange http = new JettyExchange(request, response);
      try {
        OpenAiSimulator.this.handle(http);
        http.close();
        callback.succeeded();
      } catch (Throwable e) {
        // A cut stream (or a failure after the response started): once committed, failing the
        // callback makes Jetty drop the connection without ending the response, as OpenAI's
        // dropped streams look to a client.
        callback.failed(e);
      }
      return true;
    }
  }
}
