package dev.earshot.testapps.websocket.routes;

import dev.earshot.testapps.http.TestServlets;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.websocket.server.ServerContainer;
import jakarta.websocket.server.ServerEndpointConfig;
import java.util.Map;

/**
 * Upgrades to {@link CallAudioEndpoint} itself through {@code ServerContainer.upgradeHttpToWebSocket},
 * with an endpoint config built from the request, as frameworks do (Spring's upgrade strategy). With
 * {@code ?poison} it first sets a Spring route attribute whose {@code toString()} throws, so that
 * reading the route fails inside the agent.
 */
public final class UpgradingServlet extends HttpServlet {

  private static final long serialVersionUID = 1L;

  @Override
  protected void doGet(HttpServletRequest request, HttpServletResponse response) {
    if (request.getParameter("poison") != null) {
      request.setAttribute(TestServlets.SPRING_BEST_MATCHING_PATTERN, new TestServlets.Poison());
    }
    ServerContainer container = (ServerContainer) request.getServletContext().getAttribute(ServerContainer.class.getName());
    try {
      container.upgradeHttpToWebSocket(
          request, response, ServerEndpointConfig.Builder.create(CallAudioEndpoint.class, request.getRequestURI()).build(), Map.of());
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
