package dev.earshot.agent.websocket.tomcat;

import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArgument;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import dev.earshot.agent.core.TypeInstrumentation;
import java.util.Set;

/**
 * {@code WsWebSocketContainer.connectToServerRecursive}: every client {@code connectToServer}
 * (and each redirect) ends there and creates its session on the calling thread; the target URI
 * names the client connection's peer.
 */
final class WsWebSocketContainerInstrumentation implements TypeInstrumentation {

  @Override
  public Set<String> typeNames() {
    return Set.of("org.apache.tomcat.websocket.WsWebSocketContainer");
  }

  @Override
  public void transform(AdviceTarget target) {
    target.applyAdvice(
        named("connectToServerRecursive").and(takesArguments(4)).and(takesArgument(2, named("java.net.URI"))),
        "dev.earshot.agent.websocket.tomcat.ConnectAdvice");
  }
}
