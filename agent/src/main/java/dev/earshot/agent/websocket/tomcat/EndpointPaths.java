package dev.earshot.agent.websocket.tomcat;

import jakarta.websocket.server.ServerEndpointConfig;
import java.net.URI;

/**
 * The route template of a server session from its endpoint config: the declared path
 * ({@code /ws/sessions/{id}}) under the web application's context path, as HTTP routes are
 * reported. Tomcat matches a template segment by segment, so the context path is the request path
 * less as many trailing segments as the template has. Computed once per connection.
 */
final class EndpointPaths {

  private EndpointPaths() {}

  /**
   * @return the declared template under its context path; null when the config declares none, or
   *     when its path is the request's own path: a config built for this one request from it (as
   *     Spring's upgrade strategy builds one) holds a raw path, which is normalised instead
   */
  static String template(URI requestUri, ServerEndpointConfig config) {
    String template = config == null ? null : config.getPath();
    if (template == null || template.isEmpty()) {
      return null;
    }
    String path = requestUri == null ? null : requestUri.getRawPath();
    if (path == null) {
      return template;
    }
    if (path.equals(template)) {
      return null;
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
