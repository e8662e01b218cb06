package dev.earshot.agent.websocket.okhttp;

import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import dev.earshot.agent.core.TypeInstrumentation;
import java.util.Set;

/**
 * {@code WebSocketReader.readHeader} reads every frame header (the first frame of a message and
 * each continuation) into its {@code opcode}, {@code isControlFrame} and {@code frameLength}
 * fields: the payload length as on the wire (compressed, when permessage-deflate is on).
 */
final class WebSocketReaderInstrumentation implements TypeInstrumentation {

  @Override
  public Set<String> typeNames() {
    return Set.of("okhttp3.internal.ws.WebSocketReader");
  }

  @Override
  public void transform(AdviceTarget target) {
    target.applyAdvice(named("readHeader").and(takesArguments(0)), "dev.earshot.agent.websocket.okhttp.FrameAdvice$HeaderRead");
  }
}
