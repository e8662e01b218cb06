package dev.earshot.agent.websocket.okhttp;

import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import dev.earshot.agent.core.TypeInstrumentation;
import java.util.Set;

/**
 * {@code WebSocketWriter} writes one message per {@code writeMessageFrame(opcode, data)} (always a
 * single frame) and the close frame in {@code writeClose}; both run on the connection's writer
 * thread inside {@code RealWebSocket.writeOneFrame}.
 */
final class WebSocketWriterInstrumentation implements TypeInstrumentation {

  private static final String ADVICE = "dev.earshot.agent.websocket.okhttp.FrameAdvice$";

  @Override
  public Set<String> typeNames() {
    return Set.of("okhttp3.internal.ws.WebSocketWriter");
  }

  @Override
  public void transform(AdviceTarget target) {
    target.applyAdvice(named("writeMessageFrame").and(takesArguments(2)), ADVICE + "MessageWritten");
    target.applyAdvice(named("writeClose").and(takesArguments(2)), ADVICE + "CloseWritten");
  }
}
