package dev.earshot.agent.core;

import dev.earshot.agent.http.javalin.JavalinModule;
import dev.earshot.agent.http.jdkserver.JdkHttpServerModule;
import dev.earshot.agent.http.servlet.JakartaServletModule;
import dev.earshot.agent.openai.javahttp.JavaHttpClientModule;
import dev.earshot.agent.openai.okhttp.OkHttpModule;
import dev.earshot.agent.openai.sdk.OpenAiSdkModule;
import dev.earshot.agent.runtime.JvmMetricsModule;
import dev.earshot.agent.runtime.SystemMetricsModule;
import dev.earshot.agent.websocket.tomcat.TomcatWebSocketModule;
import dev.earshot.agent.websocket.jdkclient.JdkWebSocketClientModule;
import dev.earshot.agent.websocket.okhttp.OkHttpWebSocketModule;
import dev.earshot.agent.websocket.jetty.JettyWebSocketModule;
import java.util.List;

/** Every module the agent ships. A new library gets a line here and a package of its own. */
final class Modules {

  private Modules() {}

  static List<InstrumentationModule> all() {
    return List.of(
        new JakartaServletModule(),
        new JavalinModule(),
        new JdkHttpServerModule(),
        new OpenAiSdkModule(),
        new OkHttpModule(),
        new JavaHttpClientModule(),
        new TomcatWebSocketModule(),
        new JdkWebSocketClientModule(),
        new OkHttpWebSocketModule(),
        new JettyWebSocketModule(),
        new JvmMetricsModule(),
        new SystemMetricsModule());
  }
}
