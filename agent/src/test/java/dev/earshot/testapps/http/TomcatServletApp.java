package dev.earshot.testapps.http;

import jakarta.servlet.http.HttpServlet;
import java.nio.file.Path;
import java.nio.file.Paths;
import org.apache.catalina.Context;
import org.apache.catalina.Wrapper;
import org.apache.catalina.servlets.DefaultServlet;
import org.apache.catalina.startup.Tomcat;
import org.apache.tomcat.util.descriptor.web.ErrorPage;
import org.apache.tomcat.util.descriptor.web.FilterDef;
import org.apache.tomcat.util.descriptor.web.FilterMap;

/**
 * Embedded Tomcat 11 on 127.0.0.1, port 0. Prints {@code READY port=N}. Its base directory is the
 * first argument (default {@code target/tomcat-<pid>}).
 *
 * <ul>
 *   <li>{@code /api/items} exact mapping, 200
 *   <li>{@code /files/*} path mapping, 200
 *   <li>{@code *.json} extension mapping, 200
 *   <li>{@code /} Tomcat's DefaultServlet over an empty directory: 404 for any other path
 *   <li>{@code /secure/*} behind a filter that answers 401 without {@code X-Token: letmein}
 *   <li>{@code /async}, {@code /async-slow}, {@code /async-fast} asynchronous ({@code ?ms=},
 *       {@code ?dispatch=true})
 *   <li>{@code /forward}, {@code /include} dispatch to {@code /api/items}
 *   <li>{@code /boom} throws {@link ServletFailure}
 *   <li>{@code /limited} answers 429
 *   <li>{@code /api/things/*} sets Spring's pattern attribute to {@code /api/things/{thingId}}
 *   <li>{@code /poison} sets that attribute to an object whose toString() throws, answers 203
 *   <li>error pages: 401, 404 and {@link ServletFailure} are rendered by {@code /error-page} (an ERROR dispatch)
 * </ul>
 */
public final class TomcatServletApp {

  public static void main(String[] args) throws Exception {
    Path base = Paths.get(args.length > 0 ? args[0] : "target/tomcat-" + ProcessHandle.current().pid()).toAbsolutePath();
    Tomcat tomcat = new Tomcat();
    Context context = LoopbackTomcat.rootContext(tomcat, base);
    add(context, "items", new TestServlets.Text("items"), "/api/items");
    add(context, "files", new TestServlets.Text("file"), "/files/*");
    add(context, "reports", new TestServlets.Text("report"), "*.json");
    add(context, "default", new DefaultServlet(), "/");
    add(context, "secure", new TestServlets.Text("secret"), "/secure/*");
    Wrapper async = add(context, "async", new TestServlets.Async(), "/async");
    async.setAsyncSupported(true);
    context.addServletMappingDecoded("/async-slow", "async");
    context.addServletMappingDecoded("/async-fast", "async");
    add(context, "forward", new TestServlets.Dispatching("/api/items", false), "/forward");
    add(context, "include", new TestServlets.Dispatching("/api/items", true), "/include");
    add(context, "boom", new TestServlets.Boom(), "/boom");
    add(context, "limited", new TestServlets.Limited(), "/limited");
    add(context, "things", new TestServlets.SpringLike("/api/things/{thingId}"), "/api/things/*");
    add(context, "poison", new TestServlets.Poisoned(), "/poison");
    add(context, "error-page", new TestServlets.ErrorPage(), "/error-page");

    FilterDef filter = new FilterDef();
    filter.setFilterName("token");
    filter.setFilter(new TestServlets.TokenFilter());
    context.addFilterDef(filter);
    FilterMap filterMap = new FilterMap();
    filterMap.setFilterName("token");
    filterMap.addURLPatternDecoded("/secure/*");
    context.addFilterMap(filterMap);

    ErrorPage notFound = new ErrorPage();
    notFound.setErrorCode(404);
    notFound.setLocation("/error-page");
    context.addErrorPage(notFound);
    ErrorPage unauthorized = new ErrorPage();
    unauthorized.setErrorCode(401);
    unauthorized.setLocation("/error-page");
    context.addErrorPage(unauthorized);
    ErrorPage failure = new ErrorPage();
    failure.setExceptionType(ServletFailure.class.getName());
    failure.setLocation("/error-page");
    context.addErrorPage(failure);

    LoopbackTomcat.startAndAwait(tomcat);
  }

  private static Wrapper add(Context context, String name, HttpServlet servlet, String pattern) {
    Wrapper wrapper = Tomcat.addServlet(context, name, servlet);
    context.addServletMappingDecoded(pattern, name);
    return wrapper;
  }
}
