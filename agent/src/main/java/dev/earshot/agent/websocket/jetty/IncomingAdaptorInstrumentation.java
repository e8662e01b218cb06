package dev.earshot.agent.websocket.jetty;

import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import dev.earshot.agent.core.TypeInstrumentation;
import java.util.Set;

/**
 * {@code WebSocketCoreSession$IncomingAdaptor.onFrame(Frame, Callback)}: each frame the peer sent,
 * validated and past the extensions (so decompressed), on its way to the application's handler.
 * The session's own {@code onFrame} sees frames before the extensions, compressed ones included.
 */
final class IncomingAdaptorInstrumentation implements TypeInstrumentation {

  @Override
  public Set<String> typeNames() {
    return Set.of("org.eclipse.jetty.websocket.core.WebSocketCoreSession$IncomingAdaptor");
  }

  @Override
  public void transform(AdviceTarget target) {
    target.applyAdvice(named("onFrame").and(takesArguments(2)), "dev.earshot.agent.websocket.jetty.IncomingFrameAdvice");
  }
}
