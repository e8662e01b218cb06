package dev.earshot.sample.http;

import io.javalin.config.RoutesConfig;

/**
 * One feature's HTTP routes. Javalin 7 registers routes on the config rather than on a started
 * app, so each feature contributes its routes while the server is being configured.
 */
@FunctionalInterface
public interface RouteGroup {

  void register(RoutesConfig routes);
}
