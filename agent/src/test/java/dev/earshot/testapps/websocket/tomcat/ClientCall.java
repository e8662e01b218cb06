package dev.earshot.testapps.websocket.tomcat;

import jakarta.websocket.ClientEndpointConfig;
import jakarta.websocket.CloseReason;
import jakarta.websocket.ContainerProvider;
import jakarta.websocket.Endpoint;
import jakarta.websocket.EndpointConfig;
import jakarta.websocket.MessageHandler;
import jakarta.websocket.Session;
import jakarta.websocket.WebSocketContainer;
import java.net.URI;
import java.nio.ByteBuffer;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Tomcat's own WebSocket client ({@code WsWebSocketContainer}) calling this server's scripted
 * endpoint: one text and one binary message out, their two answers in, a normal close.
 */
final class ClientCall {

  private ClientCall() {}

  static String run(int port) throws Exception {
    WebSocketContainer container = ContainerProvider.getWebSocketContainer();
    BlockingQueue<String> answers = new LinkedBlockingQueue<>();
    Endpoint endpoint = new Endpoint() {
      @Override
      public void onOpen(Session session, EndpointConfig config) {
        session.addMessageHandler(String.class, (MessageHandler.Whole<String>) answers::add);
      }

      @Override
      public void onClose(Session session, CloseReason reason) {
        answers.add("close " + reason.getCloseCode().getCode());
      }
    };
    Session session = container.connectToServer(
        endpoint, ClientEndpointConfig.Builder.create().build(), URI.create("ws://127.0.0.1:" + port + "/ws/sessions/77"));
    session.getBasicRemote().sendText("echo ping");
    String first = answers.poll(5, TimeUnit.SECONDS);
    session.getBasicRemote().sendBinary(ByteBuffer.allocate(4));
    String second = answers.poll(5, TimeUnit.SECONDS);
    session.close();
    String closed = answers.poll(5, TimeUnit.SECONDS);
    return first + "|" + second + "|" + closed;
  }
}
