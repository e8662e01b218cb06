package dev.earshot.agent.websocket.jdkclient;

import static net.bytebuddy.matcher.ElementMatchers.isConstructor;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArgument;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import dev.earshot.agent.core.TypeInstrumentation;
import java.util.Set;

/**
 * {@code WebSocketImpl} is built once the opening handshake has been answered; its public sends
 * return futures completed when the frame is written; its private {@code signalClose} (a close
 * frame, or 1006 when the peer ended the TCP stream), {@code signalError} and {@code abort} are
 * every way the connection ends; every close frame it sends goes through {@code sendClose0}. The
 * same methods from JDK 11 to 25.
 */
final class WebSocketImplInstrumentation implements TypeInstrumentation {

  private static final String ADVICE = "dev.earshot.agent.websocket.jdkclient.WebSocketImplAdvice$";

  @Override
  public Set<String> typeNames() {
    return Set.of("jdk.internal.net.http.websocket.WebSocketImpl");
  }

  @Override
  public void transform(AdviceTarget target) {
    target.applyAdvice(isConstructor().and(takesArguments(5)), ADVICE + "Constructed");
    target.applyAdvice(named("sendText").and(takesArguments(2)).and(takesArgument(1, boolean.class)), ADVICE + "SendText");
    target.applyAdvice(named("sendBinary").and(takesArguments(2)).and(takesArgument(1, boolean.class)), ADVICE + "SendBinary");
    target.applyAdvice(named("sendClose0").and(takesArguments(2)), ADVICE + "CloseSent");
    target.applyAdvice(named("signalClose").and(takesArguments(2)), ADVICE + "Closed");
    target.applyAdvice(named("signalError").and(takesArguments(1)), ADVICE + "Failed");
    target.applyAdvice(named("abort").and(takesArguments(0)), ADVICE + "Aborted");
  }
}
