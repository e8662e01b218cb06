package dev.earshot.agent.http.servlet;

import dev.earshot.agent.core.InstrumentationModule;
import dev.earshot.agent.core.TypeInstrumentation;
import java.util.List;

/**
 * Jakarta Servlet (5 and later) servers: Jetty 12 (ee10), Tomcat 10 and 11, and therefore Javalin
 * and Spring MVC on them.
 */
public final class JakartaServletModule extends InstrumentationModule {

  public JakartaServletModule() {
    super("jakarta-servlet", "jakarta.servlet.http.HttpServlet");
  }

  @Override
  public List<TypeInstrumentation> typeInstrumentations() {
    return List.of(new ServletEntryInstrumentation());
  }
}
