package dev.earshot.testapps.websocket.routes;

import dev.earshot.testapps.http.LoopbackTomcat;
import jakarta.websocket.server.ServerContainer;
import java.nio.file.Paths;
import java.util.Set;
import org.apache.catalina.Context;
import org.apache.catalina.servlets.DefaultServlet;
import org.apache.catalina.startup.Tomcat;
import org.apache.tomcat.websocket.server.WsSci;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/**
 * The same two Jakarta WebSocket endpoints, {@link VoiceRoomEndpoint} ({@code @ServerEndpoint}) and
 * {@link CallAudioEndpoint} (a {@code ServerEndpointConfig}), deployed under the context path
 * {@code /app} on the container named by the first argument, each the way its documentation shows:
 * {@code tomcat} (Tomcat 11, {@code WsSci}), {@code jetty-ee10} or {@code jetty-ee11} (Jetty 12,
 * {@code JakartaWebSocketServletContainerInitializer}). Also {@link UpgradingServlet} at
 * {@code /upgrade/*}, which upgrades by itself. 127.0.0.1, port 0; prints {@code READY port=N}.
 */
public final class JakartaVoiceApp {

  static final String CONTEXT_PATH = "/app";

  public static void main(String[] args) throws Exception {
    switch (args[0]) {
      case "tomcat" -> tomcat();
      case "jetty-ee10" -> jettyEe10();
      case "jetty-ee11" -> jettyEe11();
      default -> throw new IllegalArgumentException("container: tomcat, jetty-ee10 or jetty-ee11");
    }
  }

  private static void tomcat() throws Exception {
    Tomcat tomcat = new Tomcat();
    Context context = LoopbackTomcat.context(tomcat, Paths.get("target", "jakarta-voice-" + ProcessHandle.current().pid()).toAbsolutePath(), CONTEXT_PATH);
    // Tomcat answers 404 before any filter runs when no servlet is mapped: WsFilter needs one.
    Tomcat.addServlet(context, "default", new DefaultServlet());
    context.addServletMappingDecoded("/", "default");
    Tomcat.addServlet(context, "upgrade", new UpgradingServlet());
    context.addServletMappingDecoded("/upgrade/*", "upgrade");
    context.addServletContainerInitializer(new WsSci(), Set.of(VoiceRoomEndpoint.class));
    context.addServletContainerInitializer((classes, servletContext) -> {
      try {
        ((ServerContainer) servletContext.getAttribute(ServerContainer.class.getName())).addEndpoint(CallAudioEndpoint.config());
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    }, null);
    LoopbackTomcat.startAndAwait(tomcat);
  }

  private static void jettyEe10() throws Exception {
    Server server = jetty();
    var context = new org.eclipse.jetty.ee10.servlet.ServletContextHandler();
    context.setContextPath(CONTEXT_PATH);
    context.addServlet(new org.eclipse.jetty.ee10.servlet.ServletHolder(new UpgradingServlet()), "/upgrade/*");
    org.eclipse.jetty.ee10.websocket.jakarta.server.config.JakartaWebSocketServletContainerInitializer.configure(context, (servletContext, container) -> {
      container.addEndpoint(VoiceRoomEndpoint.class);
      container.addEndpoint(CallAudioEndpoint.config());
    });
    server.setHandler(context);
    startAndAwait(server);
  }

  private static void jettyEe11() throws Exception {
    Server server = jetty();
    var context = new org.eclipse.jetty.ee11.servlet.ServletContextHandler();
    context.setContextPath(CONTEXT_PATH);
    context.addServlet(new org.eclipse.jetty.ee11.servlet.ServletHolder(new UpgradingServlet()), "/upgrade/*");
    org.eclipse.jetty.ee11.websocket.jakarta.server.config.JakartaWebSocketServletContainerInitializer.configure(context, (servletContext, container) -> {
      container.addEndpoint(VoiceRoomEndpoint.class);
      container.addEndpoint(CallAudioEndpoint.config());
    });
    server.setHandler(context);
    startAndAwait(server);
  }

  static Server jetty() {
    Server server = new Server();
    ServerConnector connector = new ServerConnector(server);
    connector.setHost("127.0.0.1");
    connector.setPort(0);
    server.addConnector(connector);
    return server;
  }

  static void startAndAwait(Server server) throws Exception {
    server.start();
    System.out.println("READY port=" + ((ServerConnector) server.getConnectors()[0]).getLocalPort());
    server.join();
  }
}
