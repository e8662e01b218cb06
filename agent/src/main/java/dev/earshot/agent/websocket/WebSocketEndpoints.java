package dev.earshot.agent.websocket;

import dev.earshot.agent.http.RouteNormalizer;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The bounded set of {@code websocket.endpoint} values of one side: a server's route templates (as
 * declared, or raw paths normalised as HTTP routes are: id-like segments become {@code {id}}), a
 * client's peer hosts. The first {@code earshot.http.max-routes} distinct values keep their names,
 * later ones are {@code OTHER}; raw paths are memoised (bounded too) so a repeated path is
 * normalised once.
 */
final class WebSocketEndpoints {

  static final String OTHER = "OTHER";
  private static final int MAX_MEMOISED = 4096;
  private static final int MAX_NAME_LENGTH = 256;

  private final WebSocketMetrics.Side side;
  private final int maxEndpoints;
  private final Map<String, Endpoint> byName = new ConcurrentHashMap<>();
  private final Map<String, Endpoint> byRaw = new ConcurrentHashMap<>();
  private final Endpoint other;

  WebSocketEndpoints(WebSocketMetrics.Side side, int maxEndpoints) {
    this.side = side;
    this.maxEndpoints = maxEndpoints;
    this.other = new Endpoint(side, OTHER);
  }

  /**
   * A server endpoint from the route template the application declared, under its context path:
   * taken as it is (a declared template may hold segments that look like ids, {@code /v2/{room}}).
   */
  Endpoint forTemplate(String template) {
    if (template == null || template.isEmpty() || template.length() > MAX_NAME_LENGTH) {
      return other;
    }
    return named(template);
  }

  /** A server endpoint from the upgrade request's raw path, when no template is known. */
  Endpoint forPath(String rawPath) {
    if (rawPath == null || rawPath.length() > MAX_NAME_LENGTH) {
      return other;
    }
    Endpoint endpoint = byRaw.get(rawPath);
    if (endpoint == null) {
      endpoint = named(RouteNormalizer.normalize(rawPath));
      if (byRaw.size() < MAX_MEMOISED) {
        byRaw.put(rawPath, endpoint);
      }
    }
    return endpoint;
  }

  /** A client endpoint: the peer's host name, lower case. */
  Endpoint forHost(String host) {
    if (host == null || host.isEmpty() || host.length() > MAX_NAME_LENGTH) {
      return other;
    }
    Endpoint endpoint = byRaw.get(host);
    if (endpoint == null) {
      endpoint = named(host.toLowerCase(Locale.ROOT));
      if (byRaw.size() < MAX_MEMOISED) {
        byRaw.put(host, endpoint);
      }
    }
    return endpoint;
  }

  private Endpoint named(String name) {
    if (name == null) {
      return other;
    }
    Endpoint endpoint = byName.get(name);
    return endpoint != null ? endpoint : register(name);
  }

  private synchronized Endpoint register(String name) {
    Endpoint endpoint = byName.get(name);
    if (endpoint != null) {
      return endpoint;
    }
    if (byName.size() >= maxEndpoints) {
      return other;
    }
    endpoint = new Endpoint(side, name);
    byName.put(name, endpoint);
    return endpoint;
  }
}
