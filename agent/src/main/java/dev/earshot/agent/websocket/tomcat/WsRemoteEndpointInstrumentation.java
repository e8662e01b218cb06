package dev.earshot.agent.websocket.tomcat;

import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.namedOneOf;
import static net.bytebuddy.matcher.ElementMatchers.takesArgument;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import dev.earshot.agent.core.TypeInstrumentation;
import java.util.Set;

/**
 * {@code WsRemoteEndpointImplBase}, the writer of server and client sessions. Frames: its
 * {@code writeMessagePart}, through which every frame passes (blocking, asynchronous, streamed,
 * control). Send time: the application's calls that no other send call wraps, so each is timed
 * once ({@code sendObject} ends in them). The end: {@code close()}, which closes the socket.
 */
final class WsRemoteEndpointInstrumentation implements TypeInstrumentation {

  private static final String PACKAGE = "dev.earshot.agent.websocket.tomcat.";

  @Override
  public Set<String> typeNames() {
    return Set.of("org.apache.tomcat.websocket.WsRemoteEndpointImplBase");
  }

  @Override
  public void transform(AdviceTarget target) {
    target.applyAdvice(
        named("writeMessagePart").and(takesArguments(1)).and(takesArgument(0, named("org.apache.tomcat.websocket.MessagePart"))),
        PACKAGE + "FrameWriteAdvice");
    target.applyAdvice(named("sendString").and(takesArguments(1)).and(takesArgument(0, String.class)), PACKAGE + "SendTextAdvice");
    target.applyAdvice(
        named("sendBytes").and(takesArguments(1)).or(named("sendPartialBytes").and(takesArguments(2))),
        PACKAGE + "SendAdvice");
    target.applyAdvice(
        named("sendPartialString").and(takesArguments(2)).and(takesArgument(0, String.class)),
        PACKAGE + "PartialTextSendAdvice");
    target.applyAdvice(
        namedOneOf("sendStringByCompletion", "sendBytesByCompletion").and(takesArguments(2))
            .and(takesArgument(1, named("jakarta.websocket.SendHandler"))),
        PACKAGE + "AsyncSendAdvice");
    target.applyAdvice(named("close").and(takesArguments(0)), PACKAGE + "SessionEndAdvice");
  }
}
