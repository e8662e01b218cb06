package dev.earshot.agent.http.javalin;

import dev.earshot.agent.core.InstrumentationModule;
import dev.earshot.agent.core.TypeInstrumentation;
import java.util.List;

/**
 * Javalin (6 and 7): gives the servlet instrumentation the matched endpoint's path template
 * ({@code /api/sessions/{id}}) and the exceptions that Javalin's own error handling turns into 500
 * responses. Javalin serves through Jetty's servlet layer, measured by {@code jakarta-servlet}.
 */
public final class JavalinModule extends InstrumentationModule {

  public JavalinModule() {
    super("javalin", "io.javalin.http.servlet.JavalinServletContext", "io.javalin.router.Endpoint");
  }

  @Override
  public List<TypeInstrumentation> typeInstrumentations() {
    return List.of(new EndpointMatchInstrumentation(), new UncaughtExceptionInstrumentation());
  }
}
