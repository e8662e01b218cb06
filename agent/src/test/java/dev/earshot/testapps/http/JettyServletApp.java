package dev.earshot.testapps.http;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServlet;
import java.util.EnumSet;
import org.eclipse.jetty.ee10.servlet.ErrorPageErrorHandler;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.ContextHandlerCollection;

/**
 * Embedded Jetty 12 (ee10 servlets) on 127.0.0.1, port 0 unless given. Prints {@code READY port=N}.
 *
 * <ul>
 *   <li>{@code /api/items} exact mapping, 200
 *   <li>{@code /files/*} path mapping, 200
 *   <li>{@code *.json} extension mapping, 200
 *   <li>{@code /} default servlet: 404 for paths containing "missing", else 200
 *   <li>{@code /secure/*} behind a filter that answers 401 without {@code X-Token: letmein}
 *   <li>{@code /async}, {@code /async-slow}, {@code /async-fast} asynchronous, completed from another
 *       thread ({@code ?ms=})
 *   <li>{@code /forward}, {@code /include} dispatch to {@code /api/items}
 *   <li>{@code /boom} throws {@link ServletFailure}
 *   <li>{@code /limited} answers 429
 *   <li>{@code /api/things/*} sets Spring's pattern attribute to {@code /api/things/{thingId}}
 *   <li>{@code /poison} sets that attribute to an object whose toString() throws, answers 203
 *   <li>error pages: 401 and {@link ServletFailure} are rendered by {@code /error-page} (an ERROR dispatch)
 * </ul>
 *
 * <p>A second context, {@code /shop}, maps {@code ""} (context root), {@code /cart}, {@code /items/*},
 * {@code *.do}, {@code /orders/*} (Spring pattern {@code /orders/{orderId}}) and a default servlet.
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
    add(context, new TestServlets.Text("report"), "*.json");
    add(context, new TestServlets.Default(), "/");
    add(context, new TestServlets.Text("secret"), "/secure/*");
    context.addFilter(new FilterHolder(new TestServlets.TokenFilter()), "/secure/*", EnumSet.of(DispatcherType.REQUEST));
    ServletHolder async = new ServletHolder(new TestServlets.Async());
    async.setAsyncSupported(true);
    context.addServlet(async, "/async");
    context.addServlet(async, "/async-slow");
    context.addServlet(async, "/async-fast");
    add(context, new TestServlets.Dispatching("/api/items", false), "/forward");
    add(context, new TestServlets.Dispatching("/api/items", true), "/include");
    add(context, new TestServlets.Boom(), "/boom");
    add(context, new TestServlets.Limited(), "/limited");
    add(context, new TestServlets.SpringLike("/api/things/{thingId}"), "/api/things/*");
    add(context, new TestServlets.Poisoned(), "/poison");
    add(context, new TestServlets.ErrorPage(), "/error-page");
    ErrorPageErrorHandler errorPages = new ErrorPageErrorHandler();
    errorPages.addErrorPage(401, "/error-page");
    errorPages.addErrorPage(ServletFailure.class, "/error-page");
    context.setErrorHandler(errorPages);

    // A second application under a context path: every route carries the prefix.
    ServletContextHandler shop = new ServletContextHandler(ServletContextHandler.NO_SESSIONS);
    shop.setContextPath("/shop");
    add(shop, new TestServlets.Text("shop home"), "");
    add(shop, new TestServlets.Text("cart"), "/cart");
    add(shop, new TestServlets.Text("shop items"), "/items/*");
    add(shop, new TestServlets.Text("action"), "*.do");
    add(shop, new TestServlets.SpringLike("/orders/{orderId}"), "/orders/*");
    add(shop, new TestServlets.Default(), "/");

    server.setHandler(new ContextHandlerCollection(context, shop));
    server.start();
    System.out.println("READY port=" + connector.getLocalPort());
    server.join();
  }

  private static void add(ServletContextHandler context, HttpServlet servlet, String pathSpec) {
    context.addServlet(new ServletHolder(servlet), pathSpec);
  }
}
