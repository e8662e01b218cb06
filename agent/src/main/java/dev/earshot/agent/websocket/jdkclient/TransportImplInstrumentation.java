package dev.earshot.agent.websocket.jdkclient;

import static net.bytebuddy.matcher.ElementMatchers.isConstructor;

import dev.earshot.agent.core.TypeInstrumentation;
import java.util.Set;

/**
 * {@code TransportImpl} owns the connection's frame encoder and decoder; it is built inside the
 * {@code WebSocketImpl} constructor, on the same thread, which then links the three together.
 */
final class TransportImplInstrumentation implements TypeInstrumentation {

  @Override
  public Set<String> typeNames() {
    return Set.of("jdk.internal.net.http.websocket.TransportImpl");
  }

  @Override
  public void transform(AdviceTarget target) {
    target.applyAdvice(isConstructor(), "dev.earshot.agent.websocket.jdkclient.FrameCodecAdvice$TransportBuilt");
  }
}
