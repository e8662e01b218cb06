package dev.earshot.agent.websocket.jdkclient;

import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import dev.earshot.agent.core.TypeInstrumentation;
import java.util.Set;

/**
 * The encoder writes one header per frame it sends ({@code setupHeader(opcode, fin, payloadLen)}:
 * a long text goes out as several frames of at most 16 KiB) and knows whether a text message
 * starts whole ({@code encodeText} with {@code started} false, the previous message finished and
 * {@code last} true).
 */
final class MessageEncoderInstrumentation implements TypeInstrumentation {

  private static final String ADVICE = "dev.earshot.agent.websocket.jdkclient.FrameCodecAdvice$";

  @Override
  public Set<String> typeNames() {
    return Set.of("jdk.internal.net.http.websocket.MessageEncoder");
  }

  @Override
  public void transform(AdviceTarget target) {
    target.applyAdvice(named("setupHeader").and(takesArguments(3)), ADVICE + "HeaderWritten");
    target.applyAdvice(named("encodeText").and(takesArguments(3)), ADVICE + "TextEncoded");
  }
}
