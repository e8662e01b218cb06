package dev.earshot.agent.it.export;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.zip.GZIPInputStream;

/** OTLP/HTTP with binary protobuf: {@code POST /v1/metrics}, as a Collector's otlp receiver serves it. */
public final class OtlpHttpReceiver extends OtlpMetricsReceiver {

  /** What one request looked like on the wire. */
  record Received(String method, String path, String contentType) {}

  private final HttpServer server;
  private final List<Received> wire = new CopyOnWriteArrayList<>();
  private final long answerDelayMillis;

  private OtlpHttpReceiver(HttpServer server, long answerDelayMillis) {
    this.server = server;
    this.answerDelayMillis = answerDelayMillis;
  }

  public static OtlpHttpReceiver start() {
    return start(java.time.Duration.ZERO);
  }

  /** A receiver that takes {@code answerDelay} before it answers each export (a slow Collector). */
  public static OtlpHttpReceiver start(java.time.Duration answerDelay) {
    try {
      HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
      OtlpHttpReceiver receiver = new OtlpHttpReceiver(server, answerDelay.toMillis());
      server.createContext("/", receiver::handle);
      server.start();
      return receiver;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      String path = exchange.getRequestURI().getPath();
      wire.add(new Received(exchange.getRequestMethod(), path, exchange.getRequestHeaders().getFirst("Content-Type")));
      if (!exchange.getRequestMethod().equals("POST") || !path.equals("/v1/metrics")) {
        exchange.sendResponseHeaders(404, -1);
        return;
      }
      InputStream body = exchange.getRequestBody();
      if ("gzip".equalsIgnoreCase(exchange.getRequestHeaders().getFirst("Content-Encoding"))) {
        body = new GZIPInputStream(body);
      }
      received(ExportMetricsServiceRequest.parseFrom(body.readAllBytes()));
      if (answerDelayMillis > 0) {
        sleep(answerDelayMillis);
      }
      byte[] response = ExportMetricsServiceResponse.getDefaultInstance().toByteArray();
      exchange.getResponseHeaders().set("Content-Type", "application/x-protobuf");
      exchange.sendResponseHeaders(200, response.length == 0 ? -1 : response.length);
      exchange.getResponseBody().write(response);
    }
  }

  List<Received> wire() {
    return List.copyOf(wire);
  }

  @Override
  public String endpoint() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
