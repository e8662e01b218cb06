package dev.earshot.testapps.websocket.clients;

import java.nio.charset.StandardCharsets;

/**
 * What the WebSocket client test applications and their scripted server exchange, shared so that
 * the test computes exact expectations from the same constants. Each scenario has its own
 * loopback address, hence its own {@code websocket.endpoint}:
 * <ul>
 *   <li>{@code /basic} on 127.0.0.1: messages both ways, fragmented and large, closed by the client;
 *   <li>{@code /remote-close}, {@code /drop}, {@code /abort} on 127.0.0.3: the three other ends;
 *   <li>{@code /realtime} on 127.0.0.2: a scripted OpenAI Realtime conversation.
 * </ul>
 */
public final class ClientScript {

  private ClientScript() {}

  public static final String BASIC_HOST = "127.0.0.1";
  public static final String REALTIME_HOST = "127.0.0.2";
  public static final String CLOSES_HOST = "127.0.0.3";

  // Server to client on /basic, in order: one text frame, a text message in three frames, a binary
  // message, one 100 000-byte text frame (the JDK hands it to the listener in parts), a JSON event
  // of no known protocol, a frame that is not JSON.
  public static final String WELCOME = "welcome";
  public static final String[] FRAGMENTS = {"frag", "ment", "ed"};
  public static final byte[] SERVER_BINARY = {1, 2, 3, 4, 5};
  public static final int BIG_TEXT_LENGTH = 100_000;
  public static final String OTHER_JSON = "{\"type\":\"custom.event\",\"n\":1}";
  public static final String NOT_JSON = "not json at all";
  public static final int SERVER_TEXTS = 5;
  public static final int SERVER_BINARIES = 1;

  // Client to server on /basic.
  public static final String SHORT = "a";
  public static final String MULTI_BYTE = "\u00fc\u20ac"; // 2 + 3 bytes of UTF-8
  public static final int LONG_TEXT_LENGTH = 40_000;
  public static final byte[] CLIENT_BINARY = {9, 8, 7};
  public static final int BIG_BINARY_LENGTH = 70_000;
  /** Sent in two parts by the JDK client (last = false, then true); OkHttp sends it whole. */
  public static final String[] CLIENT_PARTS = {"fr", "ag"};
  public static final String CLIENT_OTHER_JSON = "{\"type\":\"other.thing\"}";
  public static final int CLIENT_TEXTS = 5;
  public static final int CLIENT_BINARIES = 2;

  public static final String REMOTE_CLOSE_REASON = "server bye";
  public static final int REMOTE_CLOSE_CODE = 4001;

  public static long serverPayloadBytes() {
    return utf8(WELCOME) + utf8(String.join("", FRAGMENTS)) + SERVER_BINARY.length + BIG_TEXT_LENGTH + utf8(OTHER_JSON) + utf8(NOT_JSON);
  }

  public static long clientPayloadBytes() {
    return utf8(SHORT) + utf8(MULTI_BYTE) + LONG_TEXT_LENGTH + CLIENT_BINARY.length + BIG_BINARY_LENGTH
        + utf8(String.join("", CLIENT_PARTS)) + utf8(CLIENT_OTHER_JSON);
  }

  public static String repeat(char c, int n) {
    return String.valueOf(c).repeat(n);
  }

  public static int utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8).length;
  }

  // The Realtime conversation (/realtime). Server events, then the client's, in script order.
  public static final String SESSION_CREATED =
      "{\"type\":\"session.created\",\"event_id\":\"ev_1\",\"session\":{\"id\":\"sess_1\",\"model\":\"gpt-realtime\"}}";
  public static final String SESSION_UPDATE = "{\"type\":\"session.update\",\"session\":{\"instructions\":\"be brief\"}}";
  public static final String AUDIO_APPEND = "{\"type\":\"input_audio_buffer.append\",\"audio\":\"" + repeat('A', 2000) + "\"}";
  public static final String[] FIRST_TURN = {
      "{\"type\":\"input_audio_buffer.speech_started\",\"event_id\":\"ev_2\",\"audio_start_ms\":100}",
      "heartbeat (not JSON)",
      "{\"type\":\"input_audio_buffer.speech_stopped\",\"event_id\":\"ev_3\",\"audio_end_ms\":900}",
      "{\"type\":\"input_audio_buffer.committed\",\"event_id\":\"ev_4\",\"item_id\":\"item_1\"}",
      "{\"type\":\"response.created\",\"event_id\":\"ev_5\",\"response\":{\"id\":\"resp_1\",\"status\":\"in_progress\"}}",
      "{\"type\":\"response.output_audio.delta\",\"event_id\":\"ev_6\",\"response_id\":\"resp_1\",\"delta\":\"" + repeat('B', 4000) + "\"}",
      "{\"type\":\"response.output_audio_transcript.delta\",\"event_id\":\"ev_7\",\"response_id\":\"resp_1\",\"delta\":\"Hi\"}",
      "{\"type\":\"response.done\",\"event_id\":\"ev_8\",\"response\":{\"id\":\"resp_1\",\"status\":\"completed\",\"usage\":"
          + "{\"total_tokens\":165,\"input_tokens\":120,\"output_tokens\":45}}}",
  };
  public static final String[] SECOND_RESPONSE = {
      "{\"type\":\"response.created\",\"event_id\":\"ev_9\",\"response\":{\"id\":\"resp_2\",\"status\":\"in_progress\"}}",
      "{\"type\":\"response.output_audio.delta\",\"event_id\":\"ev_10\",\"response_id\":\"resp_2\",\"delta\":\"CCCC\"}",
  };
  public static final String RESPONSE_CANCEL = "{\"type\":\"response.cancel\"}";
  public static final String CANCELLED_DONE =
      "{\"type\":\"response.done\",\"event_id\":\"ev_11\",\"response\":{\"id\":\"resp_2\",\"status\":\"cancelled\",\"usage\":"
          + "{\"total_tokens\":15,\"input_tokens\":10,\"output_tokens\":5}}}";
  /** Client messages on /realtime: session.update, two appends, response.cancel. */
  public static final int REALTIME_CLIENT_MESSAGES = 4;
  public static final int REALTIME_SERVER_MESSAGES = 1 + 8 + 2 + 1;
}
