package dev.earshot.testapps.http;

import jakarta.servlet.AsyncContext;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Plain servlets and a filter shared by the Jetty and Tomcat test applications. No agent awareness:
 * they only use the Servlet API (and the request attribute Spring MVC sets).
 */
public final class TestServlets {

  /** Spring MVC's request attribute holding the matched handler pattern. */
  public static final String SPRING_BEST_MATCHING_PATTERN = "org.springframework.web.servlet.HandlerMapping.bestMatchingPattern";

  /** The body the poisoned-attribute servlet writes; the test compares the response to it byte for byte. */
  public static final String POISON_BODY = "poisoned attribute, response intact";

  private static final ScheduledExecutorService TIMER = Executors.newSingleThreadScheduledExecutor(runnable -> {
    Thread thread = new Thread(runnable, "test-async-completer");
    thread.setDaemon(true);
    return thread;
  });

  private TestServlets() {}

  static void write(HttpServletResponse response, int status, String body) throws IOException {
    response.setStatus(status);
    response.setContentType("text/plain;charset=utf-8");
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    response.setContentLength(bytes.length);
    response.getOutputStream().write(bytes);
  }

  /** Answers 200 with a fixed text. */
  public static final class Text extends HttpServlet {
    private static final long serialVersionUID = 1L;
    private final String body;

    public Text(String body) {
      this.body = body;
    }

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
      write(response, 200, body);
    }
  }

  /** Mapped to "/": 404 for paths containing "missing", else 200 "default". */
  public static final class Default extends HttpServlet {
    private static final long serialVersionUID = 1L;

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
      if (request.getRequestURI().contains("missing")) {
        write(response, 404, "not found");
      } else {
        write(response, 200, "default");
      }
    }
  }

  /** Forwards to, or includes (after writing "included:"), another path of the application. */
  public static final class Dispatching extends HttpServlet {
    private static final long serialVersionUID = 1L;
    private final String target;
    private final boolean include;

    public Dispatching(String target, boolean include) {
      this.target = target;
      this.include = include;
    }

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws ServletException, IOException {
      if (include) {
        response.setContentType("text/plain;charset=utf-8");
        response.getOutputStream().write("included:".getBytes(StandardCharsets.UTF_8));
        request.getRequestDispatcher(target).include(request, response);
      } else {
        request.getRequestDispatcher(target).forward(request, response);
      }
    }
  }

  /** Throws {@link ServletFailure}: the container answers 500. */
  public static final class Boom extends HttpServlet {
    private static final long serialVersionUID = 1L;

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) {
      throw new ServletFailure("servlet failed on purpose");
    }
  }

  /** Answers 429 itself. */
  public static final class Limited extends HttpServlet {
    private static final long serialVersionUID = 1L;

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
      response.setHeader("Retry-After", "1");
      write(response, 429, "slow down");
    }
  }

  /** Sets Spring's best-matching-pattern attribute, as Spring MVC's DispatcherServlet would. */
  public static final class SpringLike extends HttpServlet {
    private static final long serialVersionUID = 1L;
    private final String pattern;

    public SpringLike(String pattern) {
      this.pattern = pattern;
    }

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
      request.setAttribute(SPRING_BEST_MATCHING_PATTERN, pattern);
      write(response, 200, "thing");
    }
  }

  /** An attribute value whose toString() throws: reading it as a route fails inside the agent. */
  public static final class Poison {
    @Override
    public String toString() {
      throw new IllegalStateException("poisoned toString");
    }
  }

  /** Sets a poisoned Spring pattern attribute and answers 203 with {@link #POISON_BODY} and a header. */
  public static final class Poisoned extends HttpServlet {
    private static final long serialVersionUID = 1L;

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
      request.setAttribute(SPRING_BEST_MATCHING_PATTERN, new Poison());
      response.setHeader("X-Test", "poisoned");
      write(response, 203, POISON_BODY);
    }
  }

  /**
   * Goes asynchronous and completes from another thread after {@code ms} milliseconds (query
   * parameter, default 150). With {@code dispatch=true} it dispatches back to itself instead and
   * answers in the ASYNC dispatch; with {@code poison=true} it sets a {@link Poison} pattern attribute;
   * with {@code ms=-1} it never completes and the container times it out after {@code timeout} ms.
   */
  public static final class Async extends HttpServlet {
    private static final long serialVersionUID = 1L;

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
      if (request.getDispatcherType() == DispatcherType.ASYNC) {
        write(response, 200, "async dispatched");
        return;
      }
      String ms = request.getParameter("ms");
      long delay = ms == null ? 150 : Long.parseLong(ms);
      boolean dispatch = "true".equals(request.getParameter("dispatch"));
      if ("true".equals(request.getParameter("poison"))) {
        request.setAttribute(SPRING_BEST_MATCHING_PATTERN, new Poison());
      }
      String timeout = request.getParameter("timeout");
      AsyncContext async = request.startAsync();
      async.setTimeout(timeout == null ? 30_000 : Long.parseLong(timeout));
      if (delay < 0) {
        return; // never completed by the application: the container times it out
      }
      TIMER.schedule(() -> {
        try {
          if (dispatch) {
            async.dispatch();
          } else {
            write((HttpServletResponse) async.getResponse(), 200, "async done");
            async.complete();
          }
        } catch (IOException | RuntimeException e) {
          e.printStackTrace();
          async.complete();
        }
      }, delay, TimeUnit.MILLISECONDS);
    }
  }

  /** Lets a request through only with {@code X-Token: letmein}; otherwise answers 401 itself. */
  public static final class TokenFilter implements Filter {
    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain) throws IOException, ServletException {
      if ("letmein".equals(((HttpServletRequest) request).getHeader("X-Token"))) {
        chain.doFilter(request, response);
      } else {
        ((HttpServletResponse) response).sendError(401);
      }
    }
  }

  /** Target of the Tomcat app's error pages (an ERROR dispatch). */
  public static final class ErrorPage extends HttpServlet {
    private static final long serialVersionUID = 1L;

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
      response.setContentType("text/plain;charset=utf-8");
      response.getWriter().write("error page for " + request.getAttribute("jakarta.servlet.error.status_code"));
    }
  }
}
