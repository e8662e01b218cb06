package dev.earshot.agent.websocket.okhttp;

import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import dev.earshot.agent.core.TypeInstrumentation;
import java.util.Set;

/**
 * With permessage-deflate, {@code WebSocketWriter} compresses a message of at least 1 KiB in place
 * ({@code MessageDeflater.deflate(buffer)}) before writing its frame: the buffer's size afterwards
 * is the payload on the wire.
 */
final class MessageDeflaterInstrumentation implements TypeInstrumentation {

  @Override
  public Set<String> typeNames() {
    return Set.of("okhttp3.internal.ws.MessageDeflater");
  }

  @Override
  public void transform(AdviceTarget target) {
    target.applyAdvice(named("deflate").and(takesArguments(1)), "dev.earshot.agent.websocket.okhttp.FrameAdvice$Deflated");
  }
}
