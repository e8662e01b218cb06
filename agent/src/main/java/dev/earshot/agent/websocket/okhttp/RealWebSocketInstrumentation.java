package dev.earshot.agent.websocket.okhttp;

import static net.bytebuddy.matcher.ElementMatchers.isPrivate;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArgument;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import dev.earshot.agent.core.TypeInstrumentation;
import java.util.Set;

/**
 * {@code RealWebSocket} (the same in OkHttp 4.12 and 5.x unless noted):
 * <ul>
 *   <li>{@code initReaderAndWriter}: called once the upgrade response was checked, before any frame
 *       is written or read: (name, Streams) in 4.x, (name, BufferedSocket, client) in 5.x;
 *   <li>the private, synchronized {@code send(ByteString, int)} behind both public sends: it only
 *       queues the message for the writer thread ({@code writeOneFrame});
 *   <li>{@code onReadMessage(String|ByteString)}: a whole message, reassembled and inflated;
 *   <li>{@code onReadClose}, {@code failWebSocket} (any error, reading or writing), {@code cancel}.
 * </ul>
 */
final class RealWebSocketInstrumentation implements TypeInstrumentation {

  private static final String ADVICE = "dev.earshot.agent.websocket.okhttp.RealWebSocketAdvice$";

  @Override
  public Set<String> typeNames() {
    return Set.of("okhttp3.internal.ws.RealWebSocket");
  }

  @Override
  public void transform(AdviceTarget target) {
    target.applyAdvice(named("initReaderAndWriter").and(takesArguments(2)), ADVICE + "Opened4");
    target.applyAdvice(named("initReaderAndWriter").and(takesArguments(3)).and(takesArgument(2, boolean.class)), ADVICE + "Opened5");
    target.applyAdvice(named("send").and(isPrivate()).and(takesArguments(2)).and(takesArgument(1, int.class)), ADVICE + "Queued");
    target.applyAdvice(named("send").and(takesArguments(1)).and(takesArgument(0, String.class)), ADVICE + "TextQueued");
    target.applyAdvice(named("writeOneFrame$okhttp").and(takesArguments(0)), ADVICE + "Writing");
    target.applyAdvice(named("onReadMessage").and(takesArguments(1)).and(takesArgument(0, String.class)), ADVICE + "TextRead");
    target.applyAdvice(named("onReadMessage").and(takesArguments(1)).and(takesArgument(0, named("okio.ByteString"))), ADVICE + "BinaryRead");
    target.applyAdvice(named("onReadClose").and(takesArguments(2)), ADVICE + "CloseRead");
    target.applyAdvice(named("failWebSocket").and(takesArgument(0, Exception.class)).and(takesArguments(2).or(takesArguments(3))), ADVICE + "Failed");
    target.applyAdvice(named("cancel").and(takesArguments(0)), ADVICE + "Cancelled");
  }
}
