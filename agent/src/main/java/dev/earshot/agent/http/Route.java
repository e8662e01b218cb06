package dev.earshot.agent.http;

import dev.earshot.agent.core.LongKeyedCache;
import io.opentelemetry.api.common.Attributes;

/**
 * One bounded {@code http.route} value, with the attribute sets already built for it, so that
 * recording a request allocates nothing once its combination has been seen.
 */
public final class Route {

  final String template;
  final LongKeyedCache<Attributes> durationAttributes = new LongKeyedCache<>(512);

  Route(String template) {
    this.template = template;
  }

  public String template() {
    return template;
  }

  @Override
  public String toString() {
    return template;
  }
}
