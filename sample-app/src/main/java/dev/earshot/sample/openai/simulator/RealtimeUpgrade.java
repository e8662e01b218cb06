package dev.earshot.sample.openai.simulator;

import dev.earshot.sample.openai.simulator.realtime.RealtimeDialect;
import dev.earshot.sample.openai.simulator.realtime.RealtimeService;
import java.nio.ByteBuffer;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.websocket.server.ServerUpgradeRequest;
import org.eclipse.jetty.websocket.server.ServerUpgradeResponse;
import org.eclipse.jetty.websocket.server.WebSocketCreator;

/**
 * Accepts or refuses a WebSocket upgrade of {@code GET /v1/realtime?model=...}, as OpenAI does:
 *
 * <ul>
 *   <li>The key is {@code Authorization: Bearer <key>} or, as browsers must send it, the subprotocol
 *       {@code openai-insecure-api-key.<key>}. Any non-empty key is accepted except an ephemeral
 *       {@code ek_...} key, which must have been minted by {@code POST /v1/realtime/client_secrets}
 *       (or beta {@code /v1/realtime/sessions}) and not have expired. Otherwise the upgrade is
 *       answered 401 with OpenAI's JSON error, and no WebSocket is opened.
 *   <li>Header {@code OpenAI-Beta: realtime=v1} (or subprotocol {@code openai-beta.realtime-v1})
 *       selects the beta event names; otherwise GA.
 *   <li>When the client offers the subprotocol {@code realtime} (browsers do) the server selects it,
 *       since a browser fails a handshake that selects none of the offered ones.
 * </ul>
 */
final class RealtimeUpgrade implements WebSocketCreator {

  static final String PATH = "/v1/realtime";
  private static final String KEY_PROTOCOL = "openai-insecure-api-key.";

  private final RealtimeService service;
  private final SimulatorStats stats;

  RealtimeUpgrade(RealtimeService service, SimulatorStats stats) {
    this.service = service;
    this.stats = stats;
  }

  @Override
  public Object createWebSocket(ServerUpgradeRequest request, ServerUpgradeResponse response, Callback callback) {
    stats.request("GET " + PATH);
    String key = apiKey(request);
    if (!service.ephemeralKeys().accepts(key)) {
      service.stats().rejected();
      OpenAiError error = key == null || key.isBlank() ? OpenAiError.missingApiKey() : OpenAiError.forStatus(401, "");
      stats.status(error.status());
      response.setStatus(error.status());
      response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
      response.write(true, ByteBuffer.wrap(Json.bytes(error.body())), callback);
      return null;
    }
    stats.status(101);
    boolean beta = "realtime=v1".equalsIgnoreCase(request.getHeaders().get("OpenAI-Beta"))
        || request.hasSubProtocol("openai-beta.realtime-v1");
    if (request.hasSubProtocol("realtime")) {
      response.setAcceptedSubProtocol("realtime");
    }
    String model = Request.extractQueryParameters(request).getValue("model");
    if (model == null || model.isBlank()) {
      model = beta ? "gpt-4o-realtime-preview" : "gpt-realtime";
    }
    return service.newSession(beta ? RealtimeDialect.BETA : RealtimeDialect.GA, Models.snapshot(model));
  }

  /** The key of the Authorization header or of the browser subprotocol; null when neither has one. */
  private static String apiKey(ServerUpgradeRequest request) {
    String authorization = request.getHeaders().get(HttpHeader.AUTHORIZATION);
    if (OpenAiSimulator.authorised(authorization)) {
      return authorization.trim().substring(7).trim();
    }
    for (String protocol : request.getSubProtocols()) {
      if (protocol.startsWith(KEY_PROTOCOL) && protocol.length() > KEY_PROTOCOL.length()) {
        return protocol.substring(KEY_PROTOCOL.length());
      }
    }
    return null;
  }
}
