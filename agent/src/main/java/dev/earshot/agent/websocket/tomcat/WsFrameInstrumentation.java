package dev.earshot.agent.websocket.tomcat;

import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArgument;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import dev.earshot.agent.core.TypeInstrumentation;
import java.util.Set;

/**
 * {@code WsFrameBase}, the frame reader of server and client sessions: {@code processData} once
 * per frame (its header fields still hold the frame's opcode, fin bit and payload length),
 * {@code processDataControl} for close frames, {@code sendMessageText} with decoded text.
 */
final class WsFrameInstrumentation implements TypeInstrumentation {

  private static final String PACKAGE = "dev.earshot.agent.websocket.tomcat.";

  @Override
  public Set<String> typeNames() {
    return Set.of("org.apache.tomcat.websocket.WsFrameBase");
  }

  @Override
  public void transform(AdviceTarget target) {
    target.applyAdvice(named("processData").and(takesArguments(0)), PACKAGE + "FrameReadAdvice");
    target.applyAdvice(named("processDataControl").and(takesArguments(0)), PACKAGE + "ControlFrameAdvice");
    target.applyAdvice(named("sendMessageText").and(takesArguments(1)).and(takesArgument(0, boolean.class)), PACKAGE + "TextDeliveryAdvice");
  }
}
