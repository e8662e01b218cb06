package dev.earshot.agent.websocket.tomcat;

import jakarta.websocket.server.ServerEndpointConfig;
import java.net.URI;

/**
 * The {@code websocket.endpoint} of a server session: the endpoint's path template
 * ({@code /ws/sessions/{id}}) under the web application's context path, as HTTP routes are
 * reported. Tomcat matches a template segment by segment, so the context path is the request path
 * less as many trailing segments as the template has. Computed once per connection.
 */
final class EndpointPaths {

  private EndpointPaths() {}

  /** @return the template under its context path, else the raw request path (normalised later), else null */
  static String of(URI requestUri, ServerEndpointConfig config) {
    String template = config == null ? null : config.getPath();
    String path = requestUri == null ? null : requestUri.getRawPath();
    if (template == null || template.isEmpty()) {
      return path;
    }
    if (path == null) {
      return template;
    }
    String contextPath = contextPath(path, template);
    return contextPath == null || contextPath.isEmpty() ? template : contextPath + template;
  }

  /** The part of {@code path} before the segments that {@code template} matched; null if they do not line up. */
  static String contextPath(String path, String template) {
    int segments = 0;
    for (int i = 0; i < template.length(); i++) {
      if (template.charAt(i) == '/') {
        segments++;
      }
    }
    int end = path.length();
    for (int found = 0; found < segments; found++) {
      end = path.lastIndexOf('/', end - 1);
      if (end < 0) {
        return null;
      }
    }
    return path.substring(0, end);
  }
}
