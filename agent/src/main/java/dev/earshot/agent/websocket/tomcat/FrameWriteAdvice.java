package dev.earshot.agent.websocket.tomcat;

import net.bytebuddy.asm.Advice;
import org.apache.tomcat.websocket.MessagePart;

/** {@code WsRemoteEndpointImplBase.writeMessagePart(MessagePart)}: every frame Tomcat writes. */
public final class FrameWriteAdvice {

  private FrameWriteAdvice() {}

  @Advice.OnMethodEnter(inline = false, suppress = Throwable.class)
  public static void onEnter(
      @Advice.Argument(0) MessagePart part,
      @Advice.FieldValue("wsSession") Object session,
      @Advice.FieldValue("closed") boolean closed,
      @Advice.FieldValue("fragmented") boolean fragmented,
      @Advice.FieldValue("text") boolean text) {
    TomcatWebSocketHelper.frameWritten(session, part, closed, fragmented, text);
  }
}
