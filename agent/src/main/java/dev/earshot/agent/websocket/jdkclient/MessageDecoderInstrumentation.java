package dev.earshot.agent.websocket.jdkclient;

import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import dev.earshot.agent.core.TypeInstrumentation;
import java.util.Set;

/**
 * The decoder hears of every frame the peer sent: {@code payloadLen} (after {@code opcode}), then
 * the payload in one or more chunks ({@code payloadData}, raw UTF-8 for text), then
 * {@code endFrame} while its {@code fin}, {@code opcode} and {@code originatingOpcode} still
 * describe the frame. The application's listener gets the same text later, possibly in parts.
 */
final class MessageDecoderInstrumentation implements TypeInstrumentation {

  private static final String ADVICE = "dev.earshot.agent.websocket.jdkclient.FrameCodecAdvice$";

  @Override
  public Set<String> typeNames() {
    return Set.of("jdk.internal.net.http.websocket.MessageDecoder");
  }

  @Override
  public void transform(AdviceTarget target) {
    target.applyAdvice(named("payloadLen").and(takesArguments(1)), ADVICE + "FrameHeaderRead");
    target.applyAdvice(named("payloadData").and(takesArguments(1)), ADVICE + "PayloadRead");
    target.applyAdvice(named("endFrame").and(takesArguments(0)), ADVICE + "FrameEnded");
  }
}
