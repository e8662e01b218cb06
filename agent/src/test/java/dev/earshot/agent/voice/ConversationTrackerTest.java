package dev.earshot.agent.voice;

import static org.assertj.core.api.Assertions.assertThat;

import dev.earshot.agent.openai.ResponseScanner;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConversationTrackerTest {

  private static final long MS = 1_000_000L;

  /** What the tracker reported, in order, with latencies in milliseconds. */
  private final List<String> reports = new ArrayList<>();
  private final List<Long> outputAudioTokens = new ArrayList<>();

  private final ConversationTracker tracker = new ConversationTracker(new ConversationTracker.Listener() {
    @Override
    public void userTurn() {
      reports.add("user turn");
    }

    @Override
    public void assistantTurn() {
      reports.add("assistant turn");
    }

    @Override
    public void interruption() {
      reports.add("interruption");
    }

    @Override
    public void voiceResponseLatency(long nanos) {
      reports.add("voice latency " + nanos / MS);
    }

    @Override
    public void bargeInLatency(long nanos) {
      reports.add("barge-in latency " + nanos / MS);
    }

    @Override
    public void transcriptionDelay(long nanos) {
      reports.add("transcription delay " + nanos / MS);
    }

    @Override
    public void responseDone(int status, ResponseScanner usage, String model) {
      reports.add("response done " + status + (model == null ? "" : " " + model));
      outputAudioTokens.add(usage == null ? -1 : usage.outputAudioTokens());
    }
  });

  private void frame(long ms, String type) {
    tracker.onFrame("{\"event_id\":\"e\",\"type\":\"" + type + "\"}", ms * MS);
  }

  private void done(long ms, String status) {
    tracker.onFrame("{\"type\":\"response.done\",\"event_id\":\"e\",\"response\":{\"object\":\"realtime.response\",\"id\":\"r\","
        + "\"status\":\"" + status + "\",\"status_details\":null,\"output\":[{\"type\":\"message\",\"content\":[{\"transcript\":"
        + "\"Şöyle \\\"status\\\":\\\"failed\\\" Ģ\"}]}],\"usage\":{\"total_tokens\":70,\"input_tokens\":40,\"output_tokens\":30,"
        + "\"input_token_details\":{\"text_tokens\":10,\"audio_tokens\":30},\"output_token_details\":{\"text_tokens\":5,\"audio_tokens\":25}}}}",
        ms * MS);
  }

  private void answer(long startMs, int deltas) {
    frame(startMs, "response.created");
    for (int i = 0; i < deltas; i++) {
      frame(startMs + 100 + 20L * i, "response.output_audio.delta");
    }
  }

  @Test
  void threeUserTurnsAnsweredInFullWithServerVad() {
    for (int turn = 0; turn < 3; turn++) {
      long t = turn * 10_000L;
      frame(t, "input_audio_buffer.speech_started");
      frame(t + 1_500, "input_audio_buffer.speech_stopped");
      frame(t + 1_510, "input_audio_buffer.committed");
      answer(t + 1_600, 3); // first audio at t + 1700
      frame(t + 1_900, "conversation.item.input_audio_transcription.completed");
      done(t + 3_000, "completed");
    }
    assertThat(reports).containsExactly(
        "user turn", "voice latency 200", "transcription delay 400", "assistant turn", "response done 1",
        "user turn", "voice latency 200", "transcription delay 400", "assistant turn", "response done 1",
        "user turn", "voice latency 200", "transcription delay 400", "assistant turn", "response done 1");
    assertThat(outputAudioTokens).containsExactly(25L, 25L, 25L);
  }

  @Test
  void bargeInDuringAnAnswerIsOneInterruptionWithItsLatency() {
    frame(0, "input_audio_buffer.speech_started");
    frame(1_000, "input_audio_buffer.speech_stopped");
    frame(1_005, "input_audio_buffer.committed");
    answer(1_100, 5); // first audio at 1200
    frame(1_400, "input_audio_buffer.speech_started"); // the user talks over the answer
    frame(1_450, "input_audio_buffer.speech_started"); // still the same barge-in
    frame(1_520, "output_audio_buffer.cleared");
    done(1_600, "cancelled");
    frame(2_400, "input_audio_buffer.speech_stopped");
    frame(2_405, "input_audio_buffer.committed");
    answer(2_500, 1); // first audio at 2600
    done(3_000, "completed");

    assertThat(reports).containsExactly(
        "user turn", "voice latency 200", "interruption", "barge-in latency 120", "assistant turn", "response done 2",
        "user turn", "voice latency 200", "assistant turn", "response done 1");
  }

  @Test
  void clientSideBargeInWithBetaNamesAndACancelledResponseWithoutAudio() {
    frame(0, "input_audio_buffer.committed"); // manual commit, no server VAD
    frame(10, "response.created");
    frame(300, "response.audio.delta"); // beta name
    frame(500, "response.cancel"); // the client's own VAD heard the user
    frame(510, "conversation.item.truncate");
    done(560, "cancelled");
    frame(600, "input_audio_buffer.committed");
    frame(610, "response.created");
    frame(620, "response.cancel");
    done(650, "cancelled"); // cut before any output: not an assistant turn

    assertThat(reports).containsExactly(
        "user turn", "voice latency 300", "interruption", "barge-in latency 60", "assistant turn", "response done 2",
        "user turn", "interruption", "barge-in latency 30", "response done 2");
  }

  @Test
  void theSessionNamesTheModelOfItsResponses() {
    tracker.onFrame("{\"type\":\"session.created\",\"event_id\":\"e\",\"session\":{\"type\":\"realtime\",\"model\":\"gpt-realtime-2025-08-28\"}}", 0);
    done(10, "completed");
    tracker.onFrame("{\"type\":\"session.updated\",\"session\":{\"model\":\"gpt-realtime-mini\",\"voice\":\"alloy\"}}", 20);
    done(30, "incomplete");
    assertThat(reports).containsExactly("response done 1 gpt-realtime-2025-08-28", "response done 4 gpt-realtime-mini");
  }

  @Test
  void transcriptionsCompletingLateAreMatchedInOrder() {
    frame(0, "input_audio_buffer.speech_stopped");
    frame(1_000, "input_audio_buffer.speech_stopped");
    frame(1_300, "conversation.item.input_audio_transcription.completed");
    frame(1_500, "conversation.item.input_audio_transcription.failed");
    frame(1_600, "conversation.item.input_audio_transcription.completed"); // nothing pending: ignored
    assertThat(reports).containsExactly("transcription delay 1300");
  }

  @Test
  void framesThatAreNotEventsChangeNothing() {
    tracker.onFrame("not json at all", 0);
    tracker.onFrame("{\"hello\":\"world\"}", 1);
    tracker.onFrame("{\"type\":\"chat.message\",\"text\":\"response.done\"}", 2);
    tracker.onFrame("", 3);
    frame(10, "output_audio_buffer.cleared");
    assertThat(reports).isEmpty();
  }
}
