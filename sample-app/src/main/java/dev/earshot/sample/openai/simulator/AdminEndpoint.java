package dev.earshot.sample.openai.simulator;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import dev.earshot.sample.openai.simulator.realtime.RealtimeFault;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.util.Map;

/**
 * The control API under {@code /_simulator}, answered only to loopback clients (403 otherwise) and
 * without authentication:
 *
 * <ul>
 *   <li>{@code GET /_simulator/config}: the current {@link SimulatorConfig} as JSON.
 *   <li>{@code POST /_simulator/config}: changes the settings named in a partial JSON object, e.g.
 *       {@code {"ttftMs":300,"error429Rate":0.2}}; answers the new configuration (400 with a
 *       message on unknown settings or invalid values, changing nothing).
 *   <li>{@code POST /_simulator/fail-next}: {@code {"count":1,"status":429}} makes the next {@code
 *       count} API requests fail with {@code status}; {@code {"count":1,"cutStreamAfterChunks":2}}
 *       cuts the next responses instead. Answers {@code {"pending":N}}.
 *   <li>{@code DELETE /_simulator/fail-next}: drops pending forced faults (HTTP and Realtime).
 *   <li>{@code POST /_simulator/realtime/fail-next}: {@code {"count":1,"action":"drop"}} drops the
 *       connection (no close frame) at each of the next {@code count} Realtime responses; {@code
 *       {"action":"close","closeCode":1011}} closes it with that code; {@code {"action":"error"}}
 *       sends an {@code error} event and a failed {@code response.done}. Answers {@code
 *       {"pending":N}}; {@code DELETE} drops them.
 *   <li>{@code GET /_simulator/stats}: request counts by endpoint and status, injected faults, cut
 *       streams, client disconnects, the SDK's retry count of the latest request, and under {@code
 *       realtime} the WebSocket conversations' counters (connections, turns, responses completed
 *       and cancelled, ...).
 *   <li>{@code POST /_simulator/reset}: back to the start configuration, with empty counters,
 *       forced faults, rate-limit window and prompt cache, and the request sequence at 0 (so ids
 *       and fault choices repeat).
 *   <li>{@code GET /_simulator/health}: {@code {"status":"ok"}}.
 * </ul>
 */
final class AdminEndpoint {

  static final String PREFIX = "/_simulator";
  private static final int MAX_BODY_BYTES = 64 * 1024;

  private final OpenAiSimulator simulator;

  AdminEndpoint(OpenAiSimulator simulator) {
    this.simulator = simulator;
  }

  void handle(HttpExchange http) throws IOException {
    try (http) {
      InetSocketAddress remote = http.getRemoteAddress();
      if (remote == null || remote.getAddress() == null || !remote.getAddress().isLoopbackAddress()) {
        send(http, 403, Json.obj("error", Json.obj("message", "the simulator's control API only answers loopback clients")));
        return;
      }
      String path = http.getRequestURI().getPath();
      String method = http.getRequestMethod();
      String action = path.substring(PREFIX.length());
      switch (action) {
        case "/config" -> {
          if (method.equals("GET")) {
            send(http, 200, simulator.config().toJson());
          } else if (method.equals("POST")) {
            JsonNode changes = readJson(http);
            if (changes == null) {
              return;
            }
            try {
              SimulatorConfig updated = simulator.config().withJson(changes);
              simulator.setConfig(updated);
              send(http, 200, updated.toJson());
            } catch (IllegalArgumentException e) {
              badRequest(http, e.getMessage());
            }
          } else {
            methodNotAllowed(http, "GET, POST");
          }
        }
        case "/fail-next" -> {
          if (method.equals("POST")) {
            failNext(http);
          } else if (method.equals("DELETE")) {
            simulator.clearForcedFaults();
            send(http, 200, Json.obj("pending", 0));
          } else {
            methodNotAllowed(http, "POST, DELETE");
          }
        }
        case "/realtime/fail-next" -> {
          if (method.equals("POST")) {
            realtimeFailNext(http);
          } else if (method.equals("DELETE")) {
            simulator.realtime().clearFaults();
            send(http, 200, Json.obj("pending", 0));
          } else {
            methodNotAllowed(http, "POST, DELETE");
          }
        }
        case "/stats" -> {
          if (method.equals("GET")) {
            send(http, 200, simulator.stats());
          } else {
            methodNotAllowed(http, "GET");
          }
        }
        case "/reset" -> {
          if (method.equals("POST")) {
            simulator.reset();
            send(http, 200, simulator.config().toJson());
          } else {
            methodNotAllowed(http, "POST");
          }
        }
        case "/health" -> send(http, 200, Json.obj("status", "ok"));
        default -> send(http, 404, Json.obj("error", Json.obj("message", "no such control endpoint: " + path)));
      }
    }
  }

  private void failNext(HttpExchange http) throws IOException {
    JsonNode request = readJson(http);
    if (request == null) {
      return;
    }
    if (!request.isObject()) {
      badRequest(http, "expected a JSON object such as {\"count\":1,\"status\":429}");
      return;
    }
    int count = request.path("count").asInt(1);
    JsonNode status = request.get("status");
    JsonNode cut = request.get("cutStreamAfterChunks");
    try {
      if (status != null && cut == null && status.isIntegralNumber()) {
        simulator.failNext(count, status.intValue());
      } else if (cut != null && status == null && cut.isIntegralNumber()) {
        simulator.cutNext(count, cut.intValue());
      } else {
        badRequest(http, "give either an integer \"status\" or an integer \"cutStreamAfterChunks\"");
        return;
      }
    } catch (IllegalArgumentException e) {
      badRequest(http, e.getMessage());
      return;
    }
    send(http, 200, Json.obj("pending", simulator.pendingForcedFaults()));
  }

  private void realtimeFailNext(HttpExchange http) throws IOException {
    JsonNode request = readJson(http);
    if (request == null) {
      return;
    }
    if (!request.isObject()) {
      badRequest(http, "expected a JSON object such as {\"count\":1,\"action\":\"drop\"}");
      return;
    }
    try {
      RealtimeFault fault = RealtimeFault.parse(request.path("action").asText(null), request.path("closeCode").asInt(1011));
      simulator.realtimeFailNext(request.path("count").asInt(1), fault);
    } catch (IllegalArgumentException e) {
      badRequest(http, e.getMessage());
      return;
    }
    send(http, 200, Json.obj("pending", simulator.pendingRealtimeFaults()));
  }

  private JsonNode readJson(HttpExchange http) throws IOException {
    byte[] body;
    try (InputStream in = http.getRequestBody()) {
      body = in.readNBytes(MAX_BODY_BYTES + 1);
    }
    if (body.length > MAX_BODY_BYTES) {
      send(http, 413, Json.obj("error", Json.obj("message", "body too large")));
      return null;
    }
    try {
      JsonNode node = Json.MAPPER.readTree(body);
      if (node == null || node.isMissingNode()) {
        badRequest(http, "expected a JSON body");
        return null;
      }
      return node;
    } catch (JacksonException e) {
      badRequest(http, "the body is not valid JSON");
      return null;
    }
  }

  private static void badRequest(HttpExchange http, String message) throws IOException {
    send(http, 400, Json.obj("error", Json.obj("message", message)));
  }

  private static void methodNotAllowed(HttpExchange http, String allowed) throws IOException {
    http.getResponseHeaders().set("Allow", allowed);
    send(http, 405, Json.obj("error", Json.obj("message", "method not allowed; use " + allowed)));
  }

  private static void send(HttpExchange http, int status, Map<String, Object> body) throws IOException {
    byte[] bytes = Json.bytes(body);
    http.getResponseHeaders().set("Content-Type", "application/json");
    http.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = http.getResponseBody()) {
      out.write(bytes);
    }
  }
}
