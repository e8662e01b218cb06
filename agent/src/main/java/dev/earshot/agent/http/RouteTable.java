package dev.earshot.agent.http;

import dev.earshot.agent.core.CardinalityLimit;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The set of {@code http.route} values, bounded by {@code earshot.http.max-routes}: the first N
 * distinct routes keep their names, every later one is reported as {@code OTHER} and counted in
 * {@code earshot.agent.cardinality.overflows}. Raw paths are memoised (bounded too) so that a
 * repeated path is normalised once; refused templates are remembered (bounded) so that a request
 * for one costs a lookup, not the table's lock.
 */
final class RouteTable {

  static final String OTHER_NAME = "OTHER";
  private static final int MAX_MEMOISED_PATHS = 4096;
  /**
   * Longer raw paths are never memoised: they cannot be routes (see {@link RouteNormalizer}), and a
   * client sending thousands of distinct long paths (the JDK server accepts request lines of
   * hundreds of kilobytes) must not make the memo hold megabytes.
   */
  static final int MAX_MEMOISED_PATH_LENGTH = 256;

  private final int maxRoutes;
  private final Route other = new Route(OTHER_NAME);
  private final Map<String, Route> byTemplate = new ConcurrentHashMap<>();
  private final Map<String, Route> byRawPath = new ConcurrentHashMap<>();
  private final Set<String> refused = CardinalityLimit.refusedValues();

  RouteTable(int maxRoutes) {
    this.maxRoutes = maxRoutes;
  }

  Route forTemplate(String template) {
    if (template == null) {
      return other;
    }
    Route route = byTemplate.get(template);
    return route != null ? route : register(template);
  }

  Route forPath(String rawPath) {
    if (rawPath == null) {
      return other;
    }
    if (rawPath.length() > MAX_MEMOISED_PATH_LENGTH) {
      return forTemplate(RouteNormalizer.normalize(rawPath));
    }
    Route route = byRawPath.get(rawPath);
    if (route != null) {
      return route;
    }
    route = forTemplate(RouteNormalizer.normalize(rawPath));
    if (byRawPath.size() < MAX_MEMOISED_PATHS) {
      byRawPath.put(rawPath, route);
    }
    return route;
  }

  /** How many raw paths are memoised (for tests). */
  int memoisedPaths() {
    return byRawPath.size();
  }

  private Route register(String template) {
    if (template.length() > MAX_MEMOISED_PATH_LENGTH || refused.contains(template)) {
      return other;
    }
    synchronized (this) {
      Route route = byTemplate.get(template);
      if (route != null) {
        return route;
      }
      if (byTemplate.size() >= maxRoutes) {
        CardinalityLimit.HTTP_ROUTE.overflowed(refused, template);
        return other;
      }
      route = new Route(template);
      byTemplate.put(template, route);
      return route;
    }
  }
}
