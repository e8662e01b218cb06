package dev.earshot.agent.websocket.tomcat;

import static net.bytebuddy.matcher.ElementMatchers.isConstructor;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArgument;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import dev.earshot.agent.core.TypeInstrumentation;
import java.util.Set;

/**
 * {@code WsSession}: one per connection, server or client (its two constructors). Its close
 * methods tell a close frame received ({@code onClose}) from Tomcat giving up on the connection,
 * and its idle-timeout check who gave up.
 */
final class WsSessionInstrumentation implements TypeInstrumentation {

  private static final String PACKAGE = "dev.earshot.agent.websocket.tomcat.";

  @Override
  public Set<String> typeNames() {
    return Set.of("org.apache.tomcat.websocket.WsSession");
  }

  @Override
  public void transform(AdviceTarget target) {
    target.applyAdvice(
        isConstructor().and(takesArguments(12)).and(takesArgument(11, named("jakarta.websocket.server.ServerEndpointConfig"))),
        PACKAGE + "ServerSessionAdvice");
    target.applyAdvice(
        isConstructor().and(takesArgument(0, named("org.apache.tomcat.websocket.ClientEndpointHolder"))),
        PACKAGE + "ClientSessionAdvice");
    target.applyAdvice(
        named("onClose").and(takesArguments(1)).and(takesArgument(0, named("jakarta.websocket.CloseReason"))),
        PACKAGE + "SessionOnCloseAdvice");
    target.applyAdvice(
        named("doClose").and(takesArguments(3)).and(takesArgument(2, boolean.class)),
        PACKAGE + "SessionDoCloseAdvice");
    target.applyAdvice(named("checkExpiration").and(takesArguments(0)), PACKAGE + "ExpirationAdvice");
  }
}
