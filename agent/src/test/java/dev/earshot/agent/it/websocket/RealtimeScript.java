package dev.earshot.agent.it.websocket;

import java.util.List;

/**
 * A scripted OpenAI Realtime conversation, as the events each side sends, in order: two user turns
 * (server VAD), one answer played in full, one cut short by the user speaking again (a barge-in,
 * then {@code response.done} cancelled). Expected: 2 user turns, 2 assistant turns, 1 interruption,
 * 1 completed and 1 cancelled response. Frames that are not Realtime events (non-JSON, other JSON)
 * are sprinkled in: they count as messages only.
 */
public final class RealtimeScript {

  /** One event: {@code fromPeer} when the test's peer sends it, else the application (asked to by a command). */
  public record Step(boolean fromPeer, String json) {}

  public static final List<Step> STEPS = List.of(
      peer(event("session.update")),
      peer("not json at all"),
      peer("{\"hello\":\"other protocol\",\"type\":\"chat.message\"}"),
      peer(event("input_audio_buffer.speech_started")),
      peer(event("input_audio_buffer.speech_stopped")),
      peer(event("input_audio_buffer.committed")),
      app(event("response.created")),
      app(event("response.output_audio.delta")),
      app(event("response.output_audio.delta")),
      app(done("completed")),
      peer(event("input_audio_buffer.speech_started")),
      peer(event("input_audio_buffer.committed")),
      app(event("response.created")),
      app(event("response.output_audio.delta")),
      peer(event("input_audio_buffer.speech_started")),
      app(done("cancelled")));

  static final int USER_TURNS = 2;
  static final int ASSISTANT_TURNS = 2;
  static final int INTERRUPTIONS = 1;

  private RealtimeScript() {}

  static long peerFrames() {
    return STEPS.stream().filter(Step::fromPeer).count();
  }

  static long appFrames() {
    return STEPS.stream().filter(s -> !s.fromPeer()).count();
  }

  private static Step peer(String json) {
    return new Step(true, json);
  }

  private static Step app(String json) {
    return new Step(false, json);
  }

  private static String event(String type) {
    return "{\"type\":\"" + type + "\",\"event_id\":\"event_1\"}";
  }

  private static String done(String status) {
    return "{\"type\":\"response.done\",\"event_id\":\"event_2\",\"response\":{\"object\":\"realtime.response\",\"id\":\"resp_1\","
        + "\"status\":\"" + status + "\",\"output\":[],\"usage\":{\"total_tokens\":30,\"input_tokens\":10,\"output_tokens\":20}}}";
  }
}
