package dev.earshot.sample.openai.simulator;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpContext;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpPrincipal;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.URI;
import java.util.List;
import java.util.Map;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;

/**
 * A Jetty core request and response seen through the JDK's {@link HttpExchange}, so the endpoints
 * written for {@code com.sun.net.httpserver} (and the in-memory exchange of {@link WarmUp}) run
 * unchanged on the Jetty server that also serves the Realtime WebSocket.
 *
 * <p>It keeps the JDK server's contract for {@link #sendResponseHeaders}: a length above 0 is a
 * fixed {@code Content-Length}, 0 means chunked (the body is streamed, each {@code flush()} sends
 * what was written), -1 means no body. Writes go straight to the connection (no buffering here), so
 * a flushed server-sent event leaves at once. {@link #close()} ends the response; a handler that
 * throws instead makes the caller abort the connection, which is how a stream is cut mid-way.
 */
final class JettyExchange extends HttpExchange {

  private final Request request;
  private final Response response;
  private final URI uri;
  private final Headers requestHeaders = new Headers();
  private final Headers responseHeaders = new Headers();
  private InputStream requestBody;
  private OutputStream responseBody;
  private int status = -1;
  private boolean closed;

  JettyExchange(Request request, Response response) {
    this.request = request;
    this.response = response;
    // The request target as the client sent it (path and query), like the JDK's getRequestURI().
    this.uri = URI.create(request.getHttpURI().getPathQuery());
    for (HttpField field : request.getHeaders()) {
      requestHeaders.add(field.getName(), field.getValue());
    }
    this.requestBody = Content.Source.asInputStream(request);
    this.responseBody = Content.Sink.asOutputStream(response);
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
    return request.getMethod();
  }

  @Override
  public HttpContext getHttpContext() {
    return null;
  }

  /** Ends the response normally (idempotent), as the JDK exchange's close() does. */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    try {
      if (status < 0) {
        sendResponseHeaders(500, -1);
      }
      requestBody.close();
      responseBody.close();
    } catch (IOException e) {
      // The client went away; the caller completes the Jetty callback either way.
    }
  }

  boolean isClosed() {
    return closed;
  }

  @Override
  public InputStream getRequestBody() {
    return requestBody;
  }

  @Override
  public OutputStream getResponseBody() {
    return responseBody;
  }

  @Override
  public void sendResponseHeaders(int rCode, long responseLength) throws IOException {
    if (status >= 0) {
      throw new IOException("headers already sent");
    }
    status = rCode;
    response.setStatus(rCode);
    for (Map.Entry<String, List<String>> header : responseHeaders.entrySet()) {
      for (String value : header.getValue()) {
        response.getHeaders().add(header.getKey(), value);
      }
    }
    if (responseLength > 0) {
      response.getHeaders().put(HttpHeader.CONTENT_LENGTH, responseLength);
    } else if (responseLength < 0) {
      response.getHeaders().put(HttpHeader.CONTENT_LENGTH, 0L);
    }
    // 0: no length, so Jetty chunks the body as it is flushed.
  }

  @Override
  public InetSocketAddress getRemoteAddress() {
    return inet(request.getConnectionMetaData().getRemoteSocketAddress());
  }

  @Override
  public int getResponseCode() {
    return status;
  }

  @Override
  public InetSocketAddress getLocalAddress() {
    return inet(request.getConnectionMetaData().getLocalSocketAddress());
  }

  @Override
  public String getProtocol() {
    return request.getConnectionMetaData().getProtocol();
  }

  @Override
  public Object getAttribute(String name) {
    return request.getAttribute(name);
  }

  @Override
  public void setAttribute(String name, Object value) {
    request.setAttribute(name, value);
  }

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

  private static InetSocketAddress inet(SocketAddress address) {
    return address instanceof InetSocketAddress inet ? inet : null;
  }
}
