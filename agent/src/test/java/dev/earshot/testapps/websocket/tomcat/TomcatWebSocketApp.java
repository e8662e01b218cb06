package dev.earshot.testapps.websocket.tomcat;

import dev.earshot.testapps.http.LoopbackTomcat;
import jakarta.websocket.server.ServerContainer;
import jakarta.websocket.server.ServerEndpointConfig;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Set;
import org.apache.catalina.Context;
import org.apache.catalina.servlets.DefaultServlet;
import org.apache.catalina.startup.Tomcat;
import org.apache.tomcat.websocket.server.WsSci;

/**
 * Embedded Tomcat 11 with two WebSocket endpoints, on 127.0.0.1, port 0; prints {@code READY port=N}.
 *
 * <ul>
 *   <li>{@code /ws/sessions/{id}}: {@link ScriptedEndpoint}, an annotated endpoint driven by text
 *       commands (sync, async and partial sends, closes, scripted failures, a call through Tomcat's
 *       own client, server stop);
 *   <li>{@code /ws/realtime}: {@link RealtimeEndpoint}, a programmatic endpoint that plays an
 *       OpenAI Realtime server's side of a conversation.
 * </ul>
 *
 * <p>What the application sees (errors, closes, send results) goes to stdout as {@code APP ...}
 * lines, so that a test can compare runs with and without the agent. The JVM stays up after a
 * {@code stop-server} command so its metrics can still be read.
 */
public final class TomcatWebSocketApp {

  static volatile Tomcat tomcat;

  public static void main(String[] args) throws Exception {
    Path base = Paths.get(args.length > 0 ? args[0] : "target/tomcat-ws-" + ProcessHandle.current().pid()).toAbsolutePath();
    tomcat = new Tomcat();
    Context context = LoopbackTomcat.rootContext(tomcat, base);
    // Tomcat answers 404 before any filter runs when no servlet is mapped: WsFilter needs one.
    Tomcat.addServlet(context, "default", new DefaultServlet());
    context.addServletMappingDecoded("/", "default");
    context.addServletContainerInitializer(new WsSci(), Set.of(ScriptedEndpoint.class));
    context.addServletContainerInitializer((classes, servletContext) -> {
      ServerContainer container = (ServerContainer) servletContext.getAttribute(ServerContainer.class.getName());
      try {
        container.addEndpoint(ServerEndpointConfig.Builder.create(RealtimeEndpoint.class, "/ws/realtime").build());
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    }, null);
    tomcat.start();
    System.out.println("READY port=" + tomcat.getConnector().getLocalPort());
    Thread.currentThread().join();
  }

  static void log(String line) {
    System.out.println("APP " + line);
    System.out.flush();
  }

  /** Stops Tomcat from another thread (the calling one is a Tomcat thread); the JVM stays up. */
  static void stopServer() {
    Thread stopper = new Thread(() -> {
      try {
        tomcat.stop();
        log("stopped");
      } catch (Exception e) {
        log("stop failed " + e);
      }
    }, "stopper");
    stopper.start();
  }
}
