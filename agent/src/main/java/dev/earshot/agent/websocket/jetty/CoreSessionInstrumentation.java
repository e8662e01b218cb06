package dev.earshot.agent.websocket.jetty;

import static net.bytebuddy.matcher.ElementMatchers.isPrivate;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArgument;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import dev.earshot.agent.core.TypeInstrumentation;
import java.util.Set;

/**
 * {@code WebSocketCoreSession} (Jetty 12.0 and 12.1): {@code onOpen()} once the upgrade is done;
 * every frame the application sends enters through {@code sendFrame} (12.1:
 * {@code sendFrame(OutgoingEntry)}; 12.0: {@code sendFrame(Frame, Callback, boolean)}), before
 * Jetty's own fragmentation and extensions; every way a connection ends goes through the private
 * {@code closeConnection(CloseStatus, Callback)}, which closes the socket and tells the handler.
 */
final class CoreSessionInstrumentation implements TypeInstrumentation {

  private static final String PACKAGE = "dev.earshot.agent.websocket.jetty.";

  @Override
  public Set<String> typeNames() {
    return Set.of("org.eclipse.jetty.websocket.core.WebSocketCoreSession");
  }

  @Override
  public void transform(AdviceTarget target) {
    target.applyAdvice(named("onOpen").and(takesArguments(0)), PACKAGE + "OpenAdvice");
    target.applyAdvice(
        named("sendFrame").and(takesArguments(1)).and(takesArgument(0, named("org.eclipse.jetty.websocket.core.OutgoingEntry"))),
        PACKAGE + "SendEntryAdvice");
    target.applyAdvice(
        named("sendFrame").and(takesArguments(3)).and(takesArgument(0, named("org.eclipse.jetty.websocket.core.Frame"))),
        PACKAGE + "SendFrameAdvice");
    target.applyAdvice(
        named("closeConnection").and(isPrivate()).and(takesArguments(2))
            .and(takesArgument(0, named("org.eclipse.jetty.websocket.core.CloseStatus"))),
        PACKAGE + "CloseConnectionAdvice");
    target.applyAdvice(named("abort").and(takesArguments(0)), PACKAGE + "AbortAdvice");
  }
}
