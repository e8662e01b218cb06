package dev.earshot.agent.websocket.tomcat;

import dev.earshot.agent.core.InstrumentationModule;
import dev.earshot.agent.core.TypeInstrumentation;
import java.util.List;

/**
 * Tomcat 11's Jakarta WebSocket implementation ({@code tomcat-embed-websocket}, or a Tomcat
 * server's {@code tomcat-websocket.jar}): server endpoints ({@code @ServerEndpoint}, programmatic,
 * and the upgrades frameworks such as Spring make through {@code upgradeHttpToWebSocket}) and
 * {@code WsWebSocketContainer} client sessions, told apart by the session's constructor.
 */
public final class TomcatWebSocketModule extends InstrumentationModule {

  public TomcatWebSocketModule() {
    super("tomcat-websocket", "org.apache.tomcat.websocket.WsSession");
  }

  @Override
  public List<TypeInstrumentation> typeInstrumentations() {
    return List.of(
        new WsSessionInstrumentation(),
        new WsFrameInstrumentation(),
        new WsRemoteEndpointInstrumentation(),
        new WsHttpUpgradeHandlerInstrumentation(),
        new UpgradeUtilInstrumentation(),
        new WsWebSocketContainerInstrumentation());
  }
}
