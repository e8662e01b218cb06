package dev.earshot.sample.openai.simulator;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpContext;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpPrincipal;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;

/**
 * Runs one request of every kind through the simulator's own code before it accepts connections,
 * in memory (no socket, so nothing shows up on the network or in an HTTP server's metrics).
 *
 * <p>Without it the first real request pays for class loading (Jackson serialisers, the audio and
 * multipart code): about 150 ms, enough to make a fresh simulator's first time to first token
 * late by that much.
 */
final class WarmUp {

  private WarmUp() {}

  static void run(OpenAiSimulator simulator) {
    SimulatorConfig quick = SimulatorConfig.defaults(simulator.config().seed()).withTiming(0, 0, 2);
    String chat = "{\"model\":\"gpt-4o-mini\",\"messages\":[{\"role\":\"user\",\"content\":\"warm up\"}]";
    request(simulator, quick, "POST", "/v1/chat/completions", json(chat + "}"));
    request(simulator, quick, "POST", "/v1/chat/completions",
        json(chat + ",\"stream\":true,\"stream_options\":{\"include_usage\":true}}"));
    request(simulator, quick, "POST", "/v1/responses", json("{\"model\":\"gpt-4o-mini\",\"input\":\"warm up\"}"));
    request(simulator, quick, "POST", "/v1/responses",
        json("{\"model\":\"gpt-4o-mini\",\"input\":\"warm up\",\"stream\":true}"));
    request(simulator, quick, "POST", "/v1/embeddings",
        json("{\"model\":\"text-embedding-3-small\",\"input\":\"warm up\",\"dimensions\":4}"));
    request(simulator, quick, "POST", "/v1/audio/speech",
        json("{\"model\":\"gpt-4o-mini-tts\",\"input\":\"hi\",\"voice\":\"alloy\",\"response_format\":\"wav\"}"));
    request(simulator, quick, "POST", "/v1/realtime/client_secrets", json("{}"));
    byte[] pcm = Audio.pcm16(2_400, 0);
    byte[] header = Audio.wavHeader(pcm.length);
    String boundary = "warmup";
    ByteArrayOutputStream form = new ByteArrayOutputStream();
    form.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"model\"\r\n\r\nwhisper-1\r\n"
        + "--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"w.wav\"\r\n"
        + "Content-Type: audio/wav\r\n\r\n").getBytes(StandardCharsets.UTF_8));
    form.writeBytes(header);
    form.writeBytes(pcm);
    form.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
    request(simulator, quick, "POST", "/v1/audio/transcriptions",
        new Request(form.toByteArray(), "multipart/form-data; boundary=" + boundary));
    simulator.reset();
  }

  private record Request(byte[] body, String contentType) {}

  private static Request json(String body) {
    return new Request(body.getBytes(StandardCharsets.UTF_8), "application/json");
  }

  private static void request(OpenAiSimulator simulator, SimulatorConfig config, String method, String path, Request request) {
    InMemoryExchange http = new InMemoryExchange(method, path, request);
    try {
      simulator.handleInMemory(http, config);
    } catch (IOException | RuntimeException e) {
      // A warm-up failure only costs the first real request some milliseconds.
    }
  }

  /** An exchange whose request and response live in byte arrays. */
  private static final class InMemoryExchange extends HttpExchange {
    private final String method;
    private final URI uri;
    private final Headers requestHeaders = new Headers();
    private final Headers responseHeaders = new Headers();
    private InputStream requestBody;
    private OutputStream responseBody = new ByteArrayOutputStream();
    private int status = -1;

    InMemoryExchange(String method, String path, Request request) {
      this.method = method;
      this.uri = URI.create(path);
      this.requestBody = new ByteArrayInputStream(request.body());
      requestHeaders.set("Authorization", "Bearer warm-up");
      requestHeaders.set("Content-Type", request.contentType());
    }

    @Override
    public Headers getRequestHeaders() {
      return requestHeaders;
    }

    @Override
    public Headers getResponseHeaders() {
      return responseHeaders;
    }

    @Override
    public URI getRequestURI() {
      return uri;
    }

    @Override
    public String getRequestMethod() {
      return method;
    }

    @Override
    public HttpContext getHttpContext() {
      return null;
    }

    @Override
    public void close() {}

    @Override
    public InputStream getRequestBody() {
      return requestBody;
    }

    @Override
    public OutputStream getResponseBody() {
      return responseBody;
    }

    @Override
    public void sendResponseHeaders(int rCode, long responseLength) {
      status = rCode;
    }

    @Override
    public InetSocketAddress getRemoteAddress() {
      return new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
    }

    @Override
    public int getResponseCode() {
      return status;
    }

    @Override
    public InetSocketAddress getLocalAddress() {
      return new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
    }

    @Override
    public String getProtocol() {
      return "HTTP/1.1";
    }

    @Override
    public Object getAttribute(String name) {
      return null;
    }

    @Override
    public void setAttribute(String name, Object value) {}

    @Override
    public void setStreams(InputStream in, OutputStream out) {
      if (in != null) {
        requestBody = in;
      }
      if (out != null) {
        responseBody = out;
      }
    }

    @Override
    public HttpPrincipal getPrincipal() {
      return null;
    }
  }
}
