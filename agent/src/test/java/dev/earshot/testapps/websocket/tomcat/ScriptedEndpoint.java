package dev.earshot.testapps.websocket.tomcat;

import jakarta.websocket.CloseReason;
import jakarta.websocket.OnClose;
import jakarta.websocket.OnError;
import jakarta.websocket.OnMessage;
import jakarta.websocket.OnOpen;
import jakarta.websocket.Session;
import jakarta.websocket.server.PathParam;
import jakarta.websocket.server.ServerEndpoint;
import java.nio.ByteBuffer;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Runs the command of each text message ({@code verb argument}); any other text is answered
 * {@code ok}, a binary message {@code got N}.
 */
@ServerEndpoint("/ws/sessions/{id}")
public class ScriptedEndpoint {

  @OnOpen
  public void open(Session session, @PathParam("id") String id) {
    TomcatWebSocketApp.log("open " + id);
  }

  @OnMessage
  public void text(Session session, String message) throws Exception {
    int space = message.indexOf(' ');
    String verb = space < 0 ? message : message.substring(0, space);
    String argument = space < 0 ? "" : message.substring(space + 1);
    switch (verb) {
      case "echo" -> session.getBasicRemote().sendText(argument);
      case "async-handler" -> {
        CountDownLatch sent = new CountDownLatch(1);
        session.getAsyncRemote().sendText(argument, result -> {
          TomcatWebSocketApp.log("sent ok=" + result.isOK());
          sent.countDown();
        });
        awaitCompletion(sent);
      }
      case "async-future" -> session.getAsyncRemote().sendText(argument).get(5, TimeUnit.SECONDS);
      case "partial" -> {
        String[] parts = argument.split(",");
        for (int i = 0; i < parts.length; i++) {
          session.getBasicRemote().sendText(parts[i], i == parts.length - 1);
        }
      }
      case "binary" -> session.getBasicRemote().sendBinary(ByteBuffer.allocate(Integer.parseInt(argument)));
      case "async-binary" -> {
        CountDownLatch sent = new CountDownLatch(1);
        session.getAsyncRemote().sendBinary(ByteBuffer.allocate(Integer.parseInt(argument)), result -> {
          TomcatWebSocketApp.log("sent binary ok=" + result.isOK());
          sent.countDown();
        });
        awaitCompletion(sent);
      }
      case "mixed-partial" -> {
        // A binary message in the middle of a partial text message: Tomcat refuses it.
        session.getBasicRemote().sendText("first ", false);
        try {
          session.getBasicRemote().sendBinary(ByteBuffer.allocate(3));
        } catch (IllegalStateException e) {
          TomcatWebSocketApp.log("caught " + e.getClass().getName() + ": " + e.getMessage());
        }
        session.getBasicRemote().sendText("last", true);
      }
      case "null-handler" -> {
        try {
          session.getAsyncRemote().sendText("never", null);
        } catch (IllegalArgumentException e) {
          TomcatWebSocketApp.log("caught " + e.getClass().getName() + ": " + e.getMessage());
        }
        session.getBasicRemote().sendText("after null handler");
      }
      case "close" -> session.close(new CloseReason(CloseReason.CloseCodes.NORMAL_CLOSURE, "bye"));
      case "client-call" -> session.getBasicRemote().sendText(ClientCall.run(TomcatWebSocketApp.tomcat.getConnector().getLocalPort()));
      case "stop-server" -> {
        session.getBasicRemote().sendText("stopping");
        TomcatWebSocketApp.stopServer();
      }
      default -> session.getBasicRemote().sendText("ok");
    }
  }

  /**
   * Tomcat refuses a new message until the previous asynchronous one completed (its handler ran):
   * the next command may arrive before that, as soon as the client has the bytes.
   */
  private static void awaitCompletion(CountDownLatch sent) throws InterruptedException {
    if (!sent.await(5, TimeUnit.SECONDS)) {
      TomcatWebSocketApp.log("send not completed within 5 s");
    }
  }

  @OnMessage
  public void binary(Session session, ByteBuffer message) throws Exception {
    session.getBasicRemote().sendText("got " + message.remaining());
  }

  @OnError
  public void error(Session session, Throwable error) {
    TomcatWebSocketApp.log("error " + error.getClass().getName());
  }

  @OnClose
  public void close(Session session, CloseReason reason) {
    TomcatWebSocketApp.log("close " + reason.getCloseCode().getCode() + " " + reason.getReasonPhrase());
  }
}
