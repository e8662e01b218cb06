package dev.earshot.agent.it.export;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.zip.GZIPInputStream;

/**
 * OTLP/HTTP with binary protobuf, as a Collector's otlp receiver serves it: {@code POST /v1/metrics}
 * kept and decoded; {@code /v1/traces} kept and decoded and {@code /v1/logs} accepted, for an
 * agent that sends all three (the OpenTelemetry Java agent next to Earshot).
 */
public final class OtlpHttpReceiver extends OtlpMetricsReceiver {

  /** What one request looked like on the wire. */
  public record Received(String method, String path, String contentType) {}

  private final HttpServer server;
  private final List<Received> wire = new CopyOnWriteArrayList<>();
  private final long answerDelayMillis;
  private final List<ExportTraceServiceRequest> traces = new CopyOnWriteArrayList<>();

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
      if (!exchange.getRequestMethod().equals("POST")) {
        exchange.sendResponseHeaders(404, -1);
        return;
      }
      InputStream body = exchange.getRequestBody();
      if ("gzip".equalsIgnoreCase(exchange.getRequestHeaders().getFirst("Content-Encoding"))) {
        body = new GZIPInputStream(body);
      }
      switch (path) {
        case "/v1/metrics" -> received(ExportMetricsServiceRequest.parseFrom(body.readAllBytes()));
        case "/v1/traces" -> traces.add(ExportTraceServiceRequest.parseFrom(body.readAllBytes()));
        case "/v1/logs" -> body.readAllBytes();
        default -> {
          exchange.sendResponseHeaders(404, -1);
          return;
        }
      }
      if (answerDelayMillis > 0) {
        sleep(answerDelayMillis);
      }
      // Every Export*ServiceResponse without partial success is the empty message: no bytes.
      exchange.getResponseHeaders().set("Content-Type", "application/x-protobuf");
      exchange.sendResponseHeaders(200, -1);
    }
  }

  public List<Received> wire() {
    return List.copyOf(wire);
  }

  /** Every span received so far. */
  public List<Span> spans() {
    List<Span> spans = new ArrayList<>();
    for (ExportTraceServiceRequest request : traces) {
      for (ResourceSpans resourceSpans : request.getResourceSpansList()) {
        for (ScopeSpans scopeSpans : resourceSpans.getScopeSpansList()) {
          spans.addAll(scopeSpans.getSpansList());
        }
      }
    }
    return spans;
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
