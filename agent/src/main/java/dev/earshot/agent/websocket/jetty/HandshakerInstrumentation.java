package dev.earshot.agent.websocket.jetty;

import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArgument;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import dev.earshot.agent.core.TypeInstrumentation;
import java.util.Set;

/**
 * {@code AbstractHandshaker.newWebSocketCoreSession(Request, FrameHandler, Negotiated,
 * WebSocketComponents)}: every server upgrade Jetty accepts creates its core session here, with
 * the upgrade request at hand (whatever API mapped it: Jetty's own, Jakarta on ee10 or ee11,
 * Javalin, Spring). The request is gone by the time the session opens.
 */
final class HandshakerInstrumentation implements TypeInstrumentation {

  @Override
  public Set<String> typeNames() {
    return Set.of("org.eclipse.jetty.websocket.core.server.internal.AbstractHandshaker");
  }

  @Override
  public void transform(AdviceTarget target) {
    target.applyAdvice(
        named("newWebSocketCoreSession").and(takesArguments(4)).and(takesArgument(0, named("org.eclipse.jetty.server.Request"))),
        "dev.earshot.agent.websocket.jetty.ServerSessionAdvice");
  }
}
