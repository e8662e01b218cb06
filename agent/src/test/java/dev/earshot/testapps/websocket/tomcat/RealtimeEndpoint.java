package dev.earshot.testapps.websocket.tomcat;

import jakarta.websocket.CloseReason;
import jakarta.websocket.Endpoint;
import jakarta.websocket.EndpointConfig;
import jakarta.websocket.MessageHandler;
import jakarta.websocket.Session;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * A programmatic endpoint playing the server side of an OpenAI Realtime conversation: on the text
 * {@code start} it sends {@link #SCRIPT} (three user turns, three answers, a barge-in cutting the
 * second answer), then {@code end}. Any other message is only read.
 */
public class RealtimeEndpoint extends Endpoint {

  static final String AUDIO = "UklGRiQAAABXQVZFZm10IBAAAAABAAEAgD4AAAB9AAACABAAZGF0YQAAAAA=";

  static final List<String> SCRIPT = List.of(
      "{\"type\":\"session.created\",\"event_id\":\"e1\",\"session\":{\"model\":\"gpt-realtime\"}}",
      speech("started"), speech("stopped"), committed(),
      event("response.created"), delta(), delta(), delta(), done("completed"),
      speech("started"), speech("stopped"), committed(),
      event("response.created"), delta(), delta(),
      speech("started"),
      done("cancelled"),
      speech("stopped"), committed(),
      event("response.created"), delta(), done("completed"));

  private static String event(String type) {
    return "{\"type\":\"" + type + "\",\"event_id\":\"e\"}";
  }

  private static String speech(String what) {
    return "{\"event_id\":\"e\",\"type\":\"input_audio_buffer.speech_" + what + "\",\"audio_start_ms\":100,\"item_id\":\"i\"}";
  }

  private static String committed() {
    return "{\"event_id\":\"e\",\"type\":\"input_audio_buffer.committed\",\"previous_item_id\":null,\"item_id\":\"i\"}";
  }

  private static String delta() {
    return "{\"type\":\"response.output_audio.delta\",\"event_id\":\"e\",\"response_id\":\"r\",\"delta\":\"" + AUDIO + "\"}";
  }

  private static String done(String status) {
    return "{\"type\":\"response.done\",\"event_id\":\"e\",\"response\":{\"object\":\"realtime.response\",\"id\":\"r\",\"status\":\""
        + status + "\",\"output\":[],\"usage\":{\"total_tokens\":70,\"input_tokens\":40,\"output_tokens\":30}}}";
  }

  @Override
  public void onOpen(Session session, EndpointConfig config) {
    session.addMessageHandler(String.class, (MessageHandler.Whole<String>) message -> {
      if (!"start".equals(message)) {
        return;
      }
      try {
        for (String event : SCRIPT) {
          session.getBasicRemote().sendText(event);
        }
        session.getBasicRemote().sendText("end");
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    });
  }

  @Override
  public void onClose(Session session, CloseReason reason) {
    TomcatWebSocketApp.log("realtime close " + reason.getCloseCode().getCode());
  }
}
