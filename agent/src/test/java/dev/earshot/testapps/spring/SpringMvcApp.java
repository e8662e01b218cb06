package dev.earshot.testapps.spring;

import dev.earshot.testapps.http.LoopbackTomcat;
import java.nio.file.Path;
import java.nio.file.Paths;
import org.apache.catalina.Context;
import org.apache.catalina.Wrapper;
import org.apache.catalina.startup.Tomcat;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.context.support.AnnotationConfigWebApplicationContext;
import org.springframework.web.servlet.DispatcherServlet;
import org.springframework.web.servlet.config.annotation.EnableWebMvc;

/**
 * A plain Spring MVC application (DispatcherServlet with an annotated controller, no Spring Boot)
 * on embedded Tomcat 11, 127.0.0.1, port 0. Prints {@code READY port=N}.
 * {@code GET /api/things/{thingId}} answers 200; {@code GET /api/things/{thingId}/fail} throws.
 */
public final class SpringMvcApp {

  /** The application's controller. */
  @RestController
  public static class ThingController {
    @GetMapping("/api/things/{thingId}")
    public String thing(@PathVariable("thingId") String thingId) {
      return "thing " + thingId;
    }

    @GetMapping("/api/things/{thingId}/fail")
    public String fail(@PathVariable("thingId") String thingId) {
      throw new IllegalStateException("controller failed on purpose");
    }
  }

  /** Spring MVC configuration. */
  @Configuration
  @EnableWebMvc
  public static class WebConfig {
    @org.springframework.context.annotation.Bean
    public ThingController thingController() {
      return new ThingController();
    }
  }

  public static void main(String[] args) throws Exception {
    Path base = Paths.get("target", "spring-tomcat-" + ProcessHandle.current().pid()).toAbsolutePath();
    Tomcat tomcat = new Tomcat();

    AnnotationConfigWebApplicationContext spring = new AnnotationConfigWebApplicationContext();
    spring.register(WebConfig.class);
    Context context = LoopbackTomcat.rootContext(tomcat, base);
    Wrapper dispatcher = Tomcat.addServlet(context, "dispatcher", new DispatcherServlet(spring));
    dispatcher.setLoadOnStartup(1);
    context.addServletMappingDecoded("/", "dispatcher");
    LoopbackTomcat.startAndAwait(tomcat);
  }
}
