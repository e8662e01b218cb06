package dev.earshot.testapps.websocket.routes;

import dev.earshot.testapps.http.LoopbackTomcat;
import dev.earshot.testapps.websocket.WsCommands;
import java.nio.ByteBuffer;
import java.nio.file.Paths;
import org.apache.catalina.Context;
import org.apache.catalina.Wrapper;
import org.apache.catalina.startup.Tomcat;
import org.apache.tomcat.websocket.server.WsSci;
import org.eclipse.jetty.server.Server;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.messaging.simp.config.MessageBrokerRegistry;
import org.springframework.web.context.support.AnnotationConfigWebApplicationContext;
import org.springframework.web.servlet.DispatcherServlet;
import org.springframework.web.servlet.config.annotation.EnableWebMvc;
import org.springframework.web.socket.BinaryMessage;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.config.annotation.EnableWebSocket;
import org.springframework.web.socket.config.annotation.EnableWebSocketMessageBroker;
import org.springframework.web.socket.config.annotation.StompEndpointRegistry;
import org.springframework.web.socket.config.annotation.WebSocketConfigurer;
import org.springframework.web.socket.config.annotation.WebSocketHandlerRegistry;
import org.springframework.web.socket.config.annotation.WebSocketMessageBrokerConfigurer;
import org.springframework.web.socket.handler.AbstractWebSocketHandler;

/**
 * A plain Spring application (DispatcherServlet, no Spring Boot) with Spring WebSocket as its
 * reference documentation sets it up: a {@code WebSocketConfigurer} handler at
 * {@code /voice/{room}} driven by {@link WsCommands}, and a STOMP endpoint at {@code /stomp/{tenant}}
 * with the simple broker. Deployed under the context path {@code /app} on the container named by
 * the first argument: {@code tomcat} (Tomcat 11) or {@code jetty} (Jetty 12 ee11, the Servlet 6.1
 * environment Spring 7 needs). Spring upgrades through the container's Jakarta
 * {@code ServerContainer}. 127.0.0.1, port 0; prints {@code READY port=N}.
 */
public final class SpringVoiceApp {

  /** Spring WebSocket's handler registration. */
  @Configuration
  @EnableWebMvc
  @EnableWebSocket
  public static class WebSocketConfig implements WebSocketConfigurer {
    @Override
    public void registerWebSocketHandlers(WebSocketHandlerRegistry registry) {
      registry.addHandler(commandsHandler(), "/voice/{room}");
    }

    @Bean
    public CommandsHandler commandsHandler() {
      return new CommandsHandler();
    }
  }

  /** STOMP over WebSocket with Spring's simple broker. */
  @Configuration
  @EnableWebSocketMessageBroker
  public static class StompConfig implements WebSocketMessageBrokerConfigurer {
    @Override
    public void registerStompEndpoints(StompEndpointRegistry registry) {
      registry.addEndpoint("/stomp/{tenant}");
    }

    @Override
    public void configureMessageBroker(MessageBrokerRegistry registry) {
      registry.setApplicationDestinationPrefixes("/in");
      registry.enableSimpleBroker("/topic");
    }
  }

  /** {@link WsCommands} on Spring's session: each send is one whole message. */
  public static class CommandsHandler extends AbstractWebSocketHandler {
    @Override
    protected void handleTextMessage(WebSocketSession session, TextMessage message) throws Exception {
      WsCommands.handle(message.getPayload(), new WsCommands.Server() {
        @Override
        public void text(String text) throws Exception {
          session.sendMessage(new TextMessage(text));
        }

        @Override
        public void binary(ByteBuffer data) throws Exception {
          session.sendMessage(new BinaryMessage(data));
        }

        @Override
        public void partialText(String part, boolean last) throws Exception {
          session.sendMessage(new TextMessage(part, last));
        }

        @Override
        public void close(int code) throws Exception {
          session.close(new CloseStatus(code, "bye"));
        }

        @Override
        public void abort() {
          throw new UnsupportedOperationException("Spring WebSocket has no abort");
        }

        @Override
        public void stopServer() {
          throw new UnsupportedOperationException("not needed by the route tests");
        }
      });
    }
  }

  public static void main(String[] args) throws Exception {
    AnnotationConfigWebApplicationContext spring = new AnnotationConfigWebApplicationContext();
    spring.register(WebSocketConfig.class, StompConfig.class);
    DispatcherServlet dispatcher = new DispatcherServlet(spring);
    switch (args[0]) {
      case "tomcat" -> tomcat(dispatcher);
      case "jetty" -> jetty(dispatcher);
      default -> throw new IllegalArgumentException("container: tomcat or jetty");
    }
  }

  private static void tomcat(DispatcherServlet dispatcher) throws Exception {
    Tomcat tomcat = new Tomcat();
    Context context = LoopbackTomcat.context(
        tomcat, Paths.get("target", "spring-voice-" + ProcessHandle.current().pid()).toAbsolutePath(), JakartaVoiceApp.CONTEXT_PATH);
    // Tomcat's Jakarta WebSocket ServerContainer, which Spring upgrades through.
    context.addServletContainerInitializer(new WsSci(), null);
    Wrapper servlet = Tomcat.addServlet(context, "dispatcher", dispatcher);
    servlet.setLoadOnStartup(1);
    context.addServletMappingDecoded("/", "dispatcher");
    LoopbackTomcat.startAndAwait(tomcat);
  }

  private static void jetty(DispatcherServlet dispatcher) throws Exception {
    Server server = JakartaVoiceApp.jetty();
    var context = new org.eclipse.jetty.ee11.servlet.ServletContextHandler();
    context.setContextPath(JakartaVoiceApp.CONTEXT_PATH);
    // Jetty's Jakarta WebSocket ServerContainer, which Spring upgrades through.
    org.eclipse.jetty.ee11.websocket.jakarta.server.config.JakartaWebSocketServletContainerInitializer.configure(context, null);
    var servlet = new org.eclipse.jetty.ee11.servlet.ServletHolder("dispatcher", dispatcher);
    servlet.setInitOrder(1);
    context.addServlet(servlet, "/");
    server.setHandler(context);
    JakartaVoiceApp.startAndAwait(server);
  }
}
