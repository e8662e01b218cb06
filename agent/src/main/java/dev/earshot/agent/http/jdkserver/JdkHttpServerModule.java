package dev.earshot.agent.http.jdkserver;

import dev.earshot.agent.core.InstrumentationModule;
import dev.earshot.agent.core.TypeInstrumentation;
import java.util.List;

/** The JDK's built-in server, {@code com.sun.net.httpserver}. */
public final class JdkHttpServerModule extends InstrumentationModule {

  public JdkHttpServerModule() {
    super("jdk-httpserver", "com.sun.net.httpserver.HttpServer");
  }

  @Override
  public List<TypeInstrumentation> typeInstrumentations() {
    return List.of(new FilterChainInstrumentation());
  }
}
