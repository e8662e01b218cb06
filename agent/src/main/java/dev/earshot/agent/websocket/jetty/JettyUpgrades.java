package dev.earshot.agent.websocket.jetty;

import dev.earshot.agent.bootstrap.AdviceErrors;
import dev.earshot.agent.http.HttpServerMetrics;
import dev.earshot.agent.http.RouteTemplates;
import dev.earshot.agent.websocket.ConnectionRegistry;
import org.eclipse.jetty.http.pathmap.PathSpec;
import org.eclipse.jetty.http.pathmap.PathSpecGroup;
import org.eclipse.jetty.http.pathmap.ServletPathSpec;
import org.eclipse.jetty.http.pathmap.UriTemplatePathSpec;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.websocket.core.WebSocketCoreSession;

/**
 * The route of a server upgrade, read from its request while Jetty creates the session and kept
 * until the session opens: the route a framework matched (Javalin's {@code ws} path, Spring's
 * handler mapping pattern), else the path spec Jetty's WebSocket mappings matched (Jetty API
 * mappings, Jakarta endpoints on ee10 and ee11), under the request's context path. Without either
 * the session is named by its normalised request path. A path spec's route is also handed to the
 * servlet instrumentation, for the upgrade request's {@code http.route}. Separate from
 * {@link JettyWebSocketHelper} because it needs Jetty's server classes, which a client-only
 * application does not have.
 */
public final class JettyUpgrades {

  /** The request attribute under which Jetty's {@code WebSocketMappings} store the matched path spec. */
  static final String PATH_SPEC_ATTRIBUTE = PathSpec.class.getName();

  /** Server sessions created, to their route, until they open (an upgrade may still fail in between). */
  private static final ConnectionRegistry<String> ROUTES = ConnectionRegistry.of(route -> null);

  private JettyUpgrades() {}

  public static void sessionCreated(Request request, WebSocketCoreSession session) {
    try {
      String template = frameworkTemplate(request);
      if (template == null) {
        template = mappedTemplate(request);
        if (template != null) {
          // In a servlet context the upgrade request is measured too; its servlet mapping (the
          // upgrade filter's /*) names nothing, the path spec does.
          request.setAttribute(HttpServerMetrics.ROUTE_REQUEST_ATTRIBUTE, template);
        }
      }
      if (template != null && session != null) {
        ROUTES.putIfAbsent(session, RouteTemplates.underContext(Request.getContextPath(request), template));
      }
    } catch (Throwable t) {
      AdviceErrors.record(t, JettyWebSocketHelper.MODULE, "AbstractHandshaker.newWebSocketCoreSession");
    }
  }

  /** @return the route of a server session that was created with one (once), else null */
  static String takeRoute(WebSocketCoreSession session) {
    return ROUTES.remove(session);
  }

  private static String frameworkTemplate(Request request) {
    Object template = request.getAttribute(HttpServerMetrics.ROUTE_REQUEST_ATTRIBUTE);
    if (template == null) {
      template = request.getAttribute(RouteTemplates.SPRING_BEST_MATCHING_PATTERN);
    }
    return template == null ? null : template.toString();
  }

  private static String mappedTemplate(Request request) {
    Object pathSpec = request.getAttribute(PATH_SPEC_ATTRIBUTE);
    return pathSpec instanceof PathSpec ? declared((PathSpec) pathSpec) : null;
  }

  /**
   * The path a mapping declared, relative to its context; null when it names no route: the
   * catch-all {@code /*} and {@code /}, the context root alone (its normalised path is what HTTP
   * routes report for it too), and regular expressions, which are patterns rather than paths.
   */
  static String declared(PathSpec pathSpec) {
    if (pathSpec instanceof UriTemplatePathSpec) {
      return pathSpec.getDeclaration();
    }
    if (!(pathSpec instanceof ServletPathSpec)) {
      return null;
    }
    String declaration = pathSpec.getDeclaration();
    PathSpecGroup group = pathSpec.getGroup();
    if (group == PathSpecGroup.EXACT || (group == PathSpecGroup.PREFIX_GLOB && !"/*".equals(declaration))) {
      return declaration;
    }
    if (group == PathSpecGroup.SUFFIX_GLOB) {
      // "*.ws", without a leading slash: "/*.ws" under the context path, as HTTP routes report it.
      return "/" + declaration;
    }
    return null;
  }
}
