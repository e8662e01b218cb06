package dev.earshot.testapps.webapp;

import jakarta.websocket.OnMessage;
import jakarta.websocket.server.ServerEndpoint;

/** {@code WS /ws/echo}: answers every text message with the same text behind {@code "echo: "}. */
@ServerEndpoint("/ws/echo")
public final class EchoEndpoint {

  @OnMessage
  public String echo(String message) {
    return "echo: " + message;
  }
}
