package dev.earshot.agent.http;

/**
 * Where frameworks say which route template a request matched, and how a template is named under
 * its context path. The HTTP server adapter ({@code http.route}) and the WebSocket server adapters
 * ({@code websocket.endpoint}) both read them here, so an upgrade request and its connection carry
 * the same name.
 */
public final class RouteTemplates {

  /**
   * Spring's {@code HandlerMapping.BEST_MATCHING_PATTERN_ATTRIBUTE}: set before the handler runs by
   * Spring MVC's handler mappings and by Spring WebSocket's {@code WebSocketHandlerMapping}.
   */
  public static final String SPRING_BEST_MATCHING_PATTERN = "org.springframework.web.servlet.HandlerMapping.bestMatchingPattern";

  private RouteTemplates() {}

  /**
   * {@code template} (relative to its context, as frameworks and containers declare it) under
   * {@code contextPath}. Applications at the root context (the common case; {@code ""} for a
   * servlet container, {@code "/"} for a Jetty core context) get the template itself, no new string.
   */
  public static String underContext(String contextPath, String template) {
    if (contextPath == null || contextPath.isEmpty() || "/".equals(contextPath)) {
      return template;
    }
    return contextPath + template;
  }
}
