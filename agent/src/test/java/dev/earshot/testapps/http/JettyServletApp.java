package dev.earshot.testapps.http;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServlet;
import java.util.EnumSet;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/**
 * Embedded Jetty 12 (ee10 servlets) on 127.0.0.1, port 0 unless given. Prints {@code READY port=N}.
 *
 * <ul>
 *   <li>{@code /api/items} exact mapping, 200
 *   <li>{@code /files/*} path mapping, 200
 *   <li>{@code /} default servlet: 404 for paths containing "missing", else 200
 *   <li>{@code /secure/*} behind a filter that answers 401 without {@code X-Token: letmein}
 *   <li>{@code /async}, {@code /async-slow} asynchronous, completed from another thread ({@code ?ms=})
 *   <li>{@code /boom} throws {@link ServletFailure}
 *   <li>{@code /limited} answers 429
 *   <li>{@code /api/things/*} sets Spring's pattern attribute to {@code /api/things/{thingId}}
 *   <li>{@code /poison} sets that attribute to an object whose toString() throws, answers 203
 * </ul>
 */
public final class JettyServletApp {

  public static void main(String[] args) throws Exception {
    int port = args.length > 0 ? Integer.parseInt(args[0]) : 0;
    Server server = new Server();
    ServerConnector connector = new ServerConnector(server);
    connector.setHost("127.0.0.1");
    connector.setPort(port);
    server.addConnector(connector);

    ServletContextHandler context = new ServletContextHandler(ServletContextHandler.NO_SESSIONS);
    context.setContextPath("/");
    add(context, new TestServlets.Text("items"), "/api/items");
    add(context, new TestServlets.Text("file"), "/files/*");
    add(context, new TestServlets.Default(), "/");
    add(context, new TestServlets.Text("secret"), "/secure/*");
    context.addFilter(new FilterHolder(new TestServlets.TokenFilter()), "/secure/*", EnumSet.of(DispatcherType.REQUEST));
    ServletHolder async = new ServletHolder(new TestServlets.Async());
    async.setAsyncSupported(true);
    context.addServlet(async, "/async");
    context.addServlet(async, "/async-slow");
    context.addServlet(async, "/async-fast");
    add(context, new TestServlets.Boom(), "/boom");
    add(context, new TestServlets.Limited(), "/limited");
    add(context, new TestServlets.SpringLike("/api/things/{thingId}"), "/api/things/*");
    add(context, new TestServlets.Poisoned(), "/poison");
    server.setHandler(context);
    server.start();
    System.out.println("READY port=" + connector.getLocalPort());
    server.join();
  }

  private static void add(ServletContextHandler context, HttpServlet servlet, String pathSpec) {
    context.addServlet(new ServletHolder(servlet), pathSpec);
  }
}
