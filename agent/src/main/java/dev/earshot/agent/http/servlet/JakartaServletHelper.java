package dev.earshot.agent.http.servlet;

import dev.earshot.agent.http.HttpServerMetrics;
import dev.earshot.agent.http.Route;
import dev.earshot.agent.http.RouteTemplates;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletMapping;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * Adapts Jakarta Servlet requests to {@link HttpServerMetrics}.
 *
 * <p>Only the outermost entry of an original ({@code REQUEST}) dispatch is measured: the filter
 * chain calls the servlet, which may forward or include, all on one thread, so a per-thread depth
 * tells nesting apart without touching the request. Async and error re-dispatches are not new
 * requests. A request that went async is finished by an {@link AsyncCompletion} listener when the
 * container completes it, not when the handler returns.
 */
public final class JakartaServletHelper {

  private static final ThreadLocal<int[]> DEPTH = ThreadLocal.withInitial(() -> new int[1]);

  private JakartaServletHelper() {}

  public static long onEnter(ServletRequest request) {
    int[] depth = DEPTH.get();
    if (depth[0]++ > 0 || !(request instanceof HttpServletRequest) || request.getDispatcherType() != DispatcherType.REQUEST) {
      return 0;
    }
    return HttpServerMetrics.requestStarted(((HttpServletRequest) request).getMethod(), request.getScheme());
  }

  public static void onExit(ServletRequest request, ServletResponse response, long startNanos, Throwable error) {
    DEPTH.get()[0]--;
    if (startNanos == 0) {
      return;
    }
    HttpServletRequest httpRequest = (HttpServletRequest) request;
    if (error == null && request.isAsyncStarted()) {
      try {
        request.getAsyncContext().addListener(new AsyncCompletion(startNanos), request, response);
        return;
      } catch (IllegalStateException completedMeanwhile) {
        // The async request already completed on another thread: finish it here.
      }
    }
    finish(startNanos, httpRequest, (HttpServletResponse) response, error);
  }

  static void finish(long startNanos, HttpServletRequest request, HttpServletResponse response, Throwable error) {
    Throwable reported = error != null ? unwrap(error) : frameworkError(request);
    // An exception leaving the container's servlet code becomes a 500 unless the response was
    // already committed with another status.
    int status = error != null && !response.isCommitted() ? 500 : response.getStatus();
    Route route = null;
    try {
      route = routeOf(request);
    } finally {
      // Even if the route cannot be read, the request must leave the active count.
      HttpServerMetrics.requestFinished(startNanos, request.getMethod(), request.getScheme(), status, route, reported);
    }
  }

  private static Throwable unwrap(Throwable error) {
    if (error instanceof ServletException && ((ServletException) error).getRootCause() != null) {
      return ((ServletException) error).getRootCause();
    }
    return error;
  }

  private static Throwable frameworkError(HttpServletRequest request) {
    Object error = request.getAttribute(HttpServerMetrics.ERROR_REQUEST_ATTRIBUTE);
    return error instanceof Throwable ? (Throwable) error : null;
  }

  /** The framework's template, else the servlet mapping when it names a route, else the normalised path. */
  static Route routeOf(HttpServletRequest request) {
    Object template = request.getAttribute(HttpServerMetrics.ROUTE_REQUEST_ATTRIBUTE);
    if (template == null) {
      template = request.getAttribute(RouteTemplates.SPRING_BEST_MATCHING_PATTERN);
    }
    if (template != null) {
      return underContext(request, template.toString());
    }
    HttpServletMapping mapping = request.getHttpServletMapping();
    if (mapping != null && mapping.getMappingMatch() != null) {
      String pattern = mapping.getPattern();
      switch (mapping.getMappingMatch()) {
        case EXACT:
          return underContext(request, pattern);
        case EXTENSION:
          // The pattern is "*.do", without a leading slash: "/*.do" under the context path.
          return HttpServerMetrics.routeFromTemplate(request.getContextPath() + "/" + pattern);
        case PATH:
          if (!"/*".equals(pattern)) {
            return underContext(request, pattern);
          }
          break;
        case CONTEXT_ROOT:
          return HttpServerMetrics.routeFromTemplate(request.getContextPath().isEmpty() ? "/" : request.getContextPath());
        default:
          break;
      }
    }
    return HttpServerMetrics.routeFromPath(request.getRequestURI());
  }

  /**
   * The route of a template relative to the context path. Applications at the root context (the
   * common case) get the template itself: no string is built per request.
   */
  private static Route underContext(HttpServletRequest request, String template) {
    return HttpServerMetrics.routeFromTemplate(RouteTemplates.underContext(request.getContextPath(), template));
  }
}
