package dev.earshot.sample.openai.simulator;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * One API request and its response: the request's timing reference, seeded random numbers and
 * fault, and the ways to answer (JSON, bytes, a chunked or server-sent-event stream).
 *
 * <p>Timing: every delay is measured from the moment the handler received the request ({@link
 * #arrivalNanos}), plus the configured extra latency, so a stream's first chunk is written and
 * flushed at {@code arrival + extraLatency + ttft} however long parsing took. Each response carries
 * OpenAI's headers: {@code x-request-id}, {@code openai-processing-ms}, {@code openai-version} and
 * the {@code x-ratelimit-*} set.
 */
final class SimExchange {

  /** OpenAI rejects bodies beyond 25 MB (the audio upload limit); a little slack for the form. */
  static final long MAX_BODY_BYTES = 26L * 1024 * 1024;

  /** Thrown to drop the connection mid-response; the server then closes the socket. */
  static final class StreamCut extends IOException {
    private static final long serialVersionUID = 1L;

    StreamCut() {
      super("stream cut by the simulator", null);
    }
  }

  /** Thrown when the client went away while the response was being written. */
  static final class ClientGone extends IOException {
    private static final long serialVersionUID = 1L;

    ClientGone(IOException cause) {
      super("client disconnected", cause);
    }
  }

  private final HttpExchange http;
  private final OpenAiSimulator simulator;
  final SimulatorConfig config;
  final long arrivalNanos;
  final long sequence;
  final SplittableRandom random;
  final String requestId;

  private byte[] body = new byte[0];
  private JsonNode json;
  private FaultInjector.Fault fault = FaultInjector.Fault.NONE;
  private boolean responseStarted;
  private OutputStream stream;
  private int chunksWritten;

  SimExchange(HttpExchange http, OpenAiSimulator simulator, SimulatorConfig config, long arrivalNanos, long sequence) {
    this.http = http;
    this.simulator = simulator;
    this.config = config;
    this.arrivalNanos = arrivalNanos;
    this.sequence = sequence;
    this.random = Seeds.random(config.seed(), sequence);
    this.requestId = "req_" + Seeds.hex(random, 32);
  }

  HttpExchange http() {
    return http;
  }

  OpenAiSimulator simulator() {
    return simulator;
  }

  long epochSeconds() {
    return System.currentTimeMillis() / 1000;
  }

  // ---------------------------------------------------------------- request

  /** Reads the body; false (after answering 413) when it exceeds {@link #MAX_BODY_BYTES}. */
  boolean readBody() throws IOException {
    try (InputStream in = http.getRequestBody()) {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      byte[] buffer = new byte[16 * 1024];
      for (int n; (n = in.read(buffer)) >= 0; ) {
        out.write(buffer, 0, n);
        if (out.size() > MAX_BODY_BYTES) {
          sendError(OpenAiError.bodyTooLarge(MAX_BODY_BYTES));
          return false;
        }
      }
      body = out.toByteArray();
      return true;
    }
  }

  byte[] body() {
    return body;
  }

  String header(String name) {
    return http.getRequestHeaders().getFirst(name);
  }

  /**
   * The body as a JSON object; null after answering 400 when it is not one. Never logged: it may
   * hold user content.
   */
  JsonNode jsonBody() throws IOException {
    JsonNode parsed = parseJsonQuietly();
    if (parsed == null || !parsed.isObject()) {
      sendError(OpenAiError.invalidJson());
      return null;
    }
    return parsed;
  }

  /** A string field of the JSON body; null after answering OpenAI's missing-parameter error. */
  String requiredText(JsonNode request, String field) throws IOException {
    String value = Json.text(request, field);
    if (value == null) {
      sendError(OpenAiError.missingParameter(field));
    }
    return value;
  }

  /** The requested model for error messages: best effort, never fails. */
  String requestedModel() {
    JsonNode parsed = parseJsonQuietly();
    String model = Json.text(parsed, "model");
    return model != null ? model : "gpt-4o-mini";
  }

  private JsonNode parseJsonQuietly() {
    if (json == null && body.length > 0 && body[0] != '-') {
      try {
        json = Json.MAPPER.readTree(body);
      } catch (JacksonException e) {
        json = null;
      } catch (IOException e) {
        json = null;
      }
    }
    return json;
  }

  void fault(FaultInjector.Fault fault) {
    this.fault = fault;
  }

  /**
   * Counts {@code tokens} against the window; false (after answering 429) when the rate limits are
   * enforced and exhausted.
   */
  boolean chargeTokens(long tokens) throws IOException {
    if (simulator.rateLimits().tryAcquireTokens(System.nanoTime(), tokens, config)) {
      return true;
    }
    simulator.statsCounters().rateLimited();
    sendWindowExhausted("tokens", config.rateLimitTokens(), tokens);
    return false;
  }

  void sendWindowExhausted(String what, long limit, long requested) throws IOException {
    long nanos = simulator.rateLimits().nanosUntilReset(System.nanoTime(), config);
    String retryIn = RateLimitWindow.goDuration(nanos);
    long millis = Math.max(1, TimeUnit.NANOSECONDS.toMillis(nanos));
    setRetryAfter(millis);
    sendError(OpenAiError.windowExhausted(requestedModel(), what, limit, requested, retryIn));
  }

  /** Answers an injected error status (429 with retry headers, 500, ...). */
  void sendInjectedFault(int status) throws IOException {
    if (status == 429) {
      setRetryAfter(config.retryAfterMs());
      sendError(OpenAiError.rateLimited(
          requestedModel(), config.rateLimitRequests(), RateLimitWindow.goDuration(
              TimeUnit.MILLISECONDS.toNanos(config.retryAfterMs()))));
    } else {
      sendError(OpenAiError.forStatus(status, requestedModel()));
    }
  }

  private void setRetryAfter(long millis) {
    Headers headers = http.getResponseHeaders();
    headers.set("retry-after", Long.toString(Math.max(1, (millis + 999) / 1000)));
    headers.set("retry-after-ms", Long.toString(millis));
  }

  // ---------------------------------------------------------------- timing

  /**
   * Sleeps until {@code offsetMillis} after the request arrived plus the extra latency; returns at
   * once when that moment has passed.
   */
  void sleepUntil(long offsetMillis) throws IOException {
    long deadline =
        arrivalNanos + TimeUnit.MILLISECONDS.toNanos(config.extraLatencyMs() + offsetMillis);
    sleepUntilNanos(deadline);
  }

  static void sleepUntilNanos(long deadline) throws IOException {
    while (true) {
      long remaining = deadline - System.nanoTime();
      if (remaining <= 0) {
        return;
      }
      if (remaining > 2_000_000) {
        try {
          // Sleep to 1 ms short of the deadline, then park the rest for precision.
          Thread.sleep((remaining - 1_000_000) / 1_000_000);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IOException("simulator shutting down", e);
        }
      } else {
        LockSupport.parkNanos(remaining);
        if (Thread.currentThread().isInterrupted()) {
          throw new IOException("simulator shutting down");
        }
      }
    }
  }

  // ---------------------------------------------------------------- responses

  void sendError(OpenAiError error) throws IOException {
    sleepUntil(0);
    sendJson(error.status(), error.body());
  }

  void sendJson(int status, Object value) throws IOException {
    sendBytes(status, "application/json", Json.bytes(value));
  }

  /**
   * Sends a complete response. A forced cut on a non-streamed response sends the headers and half
   * of the body, then drops the connection.
   */
  void sendBytes(int status, String contentType, byte[] data) throws IOException {
    startResponse(status, contentType, data.length == 0 ? -1 : data.length);
    OutputStream out = http.getResponseBody();
    boolean cut = status < 400 && fault.forced() && fault.cutAfterChunks() >= 0;
    try {
      if (cut) {
        out.write(data, 0, data.length / 2);
        out.flush();
      } else {
        out.write(data);
      }
    } catch (IOException e) {
      clientGone(e);
    }
    if (cut) {
      throw new StreamCut();
    }
    finish();
  }

  /** Starts a chunked 200 response; the fault's cut (if any) applies to its chunks. */
  void startStream(String contentType) throws IOException {
    startResponse(200, contentType, 0);
    stream = http.getResponseBody();
    try {
      stream.flush();
    } catch (IOException e) {
      clientGone(e);
    }
    checkCut();
  }

  /** Writes one server-sent event ({@code event:} line only when {@code event} is not null). */
  void writeEvent(String event, Object data, boolean flush) throws IOException {
    String text = (event == null ? "" : "event: " + event + "\n") + "data: " + Json.string(data) + "\n\n";
    writeChunk(text.getBytes(StandardCharsets.UTF_8), flush);
  }

  /** Writes {@code data: [DONE]}, which is not counted as a chunk, and flushes. */
  void writeDone() throws IOException {
    write("data: [DONE]\n\n".getBytes(StandardCharsets.UTF_8), true);
  }

  /** Writes one counted chunk of a stream; cuts the connection when the fault says so. */
  void writeChunk(byte[] chunk, boolean flush) throws IOException {
    write(chunk, flush);
    chunksWritten++;
    checkCut();
  }

  private void write(byte[] bytes, boolean flush) throws IOException {
    try {
      stream.write(bytes);
      if (flush) {
        stream.flush();
      }
    } catch (IOException e) {
      clientGone(e);
    }
  }

  private void checkCut() throws IOException {
    if (fault.cutAfterChunks() >= 0 && chunksWritten >= fault.cutAfterChunks()) {
      try {
        stream.flush();
      } catch (IOException e) {
        clientGone(e);
      }
      throw new StreamCut();
    }
  }

  /** Ends the response normally. */
  void finish() {
    http.close();
  }

  boolean responseStarted() {
    return responseStarted;
  }

  private void startResponse(int status, String contentType, long length) throws IOException {
    if (responseStarted) {
      throw new IllegalStateException("response already started");
    }
    responseStarted = true;
    Headers headers = http.getResponseHeaders();
    headers.set("Content-Type", contentType);
    headers.set("x-request-id", requestId);
    headers.set("openai-version", "2020-10-01");
    headers.set("openai-organization", "earshot-simulator");
    headers.set("openai-project", "proj_earshotsimulator");
    long now = System.nanoTime();
    headers.set("openai-processing-ms", Long.toString(TimeUnit.NANOSECONDS.toMillis(now - arrivalNanos)));
    RateLimitWindow.Snapshot limits = simulator.rateLimits().snapshot(now, config);
    headers.set("x-ratelimit-limit-requests", Long.toString(limits.limitRequests()));
    headers.set("x-ratelimit-limit-tokens", Long.toString(limits.limitTokens()));
    headers.set("x-ratelimit-remaining-requests", Long.toString(limits.remainingRequests()));
    headers.set("x-ratelimit-remaining-tokens", Long.toString(limits.remainingTokens()));
    headers.set("x-ratelimit-reset-requests", limits.resetRequests());
    headers.set("x-ratelimit-reset-tokens", limits.resetTokens());
    if (contentType.startsWith("text/event-stream")) {
      headers.set("Cache-Control", "no-cache");
    }
    simulator.statsCounters().status(status);
    try {
      http.sendResponseHeaders(status, length);
    } catch (IOException e) {
      clientGone(e);
    }
  }

  private void clientGone(IOException e) throws ClientGone {
    if (e instanceof ClientGone gone) {
      throw gone;
    }
    throw new ClientGone(e);
  }
}
