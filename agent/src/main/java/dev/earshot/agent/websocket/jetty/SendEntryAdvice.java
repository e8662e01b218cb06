package dev.earshot.agent.websocket.jetty;

import net.bytebuddy.asm.Advice;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.websocket.core.OutgoingEntry;
import org.eclipse.jetty.websocket.core.WebSocketCoreSession;

/**
 * Jetty 12.1: a frame the application sends. A data frame's entry is replaced by a copy whose
 * callback times the send to its completion (Jetty itself copies the entry once more right after).
 */
public final class SendEntryAdvice {

  private SendEntryAdvice() {}

  @Advice.OnMethodEnter(inline = false, suppress = Throwable.class)
  @Advice.AssignReturned.ToArguments(@Advice.AssignReturned.ToArguments.ToArgument(0))
  @Advice.AssignReturned.AsScalar
  public static OutgoingEntry onEnter(@Advice.This WebSocketCoreSession session, @Advice.Argument(0) OutgoingEntry entry) {
    Callback timed = JettyWebSocketHelper.sending(session, entry.getFrame(), entry.getCallback());
    return timed == null ? null : new OutgoingEntry.Builder(entry).callback(timed).build();
  }
}
