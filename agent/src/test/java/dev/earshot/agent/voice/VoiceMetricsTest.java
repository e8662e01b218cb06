package dev.earshot.agent.voice;

import static org.assertj.core.api.Assertions.assertThat;

import dev.earshot.agent.TestTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.sdk.metrics.data.HistogramPointData;
import io.opentelemetry.sdk.metrics.data.LongPointData;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.testing.exporter.InMemoryMetricReader;
import java.util.Collection;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A scripted conversation through the tracker into the voice recorder, read back from a real SDK. */
class VoiceMetricsTest {

  private static final long MS = 1_000_000L;
  private static final AttributeKey<String> ENDPOINT = AttributeKey.stringKey("websocket.endpoint");
  private static final Attributes CLIENT =
      Attributes.of(AttributeKey.stringKey("websocket.side"), "client", ENDPOINT, "voice-metrics-test");
  private static InMemoryMetricReader reader;

  @BeforeAll
  static void publishSdk() {
    reader = TestTelemetry.reader();
  }

  @Test
  void threeUserTurnsOneBargeIn() {
    ConversationTracker tracker = new ConversationTracker(VoiceMetrics.forConnection(CLIENT, "api.openai.com", 443));
    tracker.onFrame("{\"type\":\"session.created\",\"session\":{\"model\":\"gpt-realtime\"}}", 0);
    long t = 0;
    for (int turn = 0; turn < 3; turn++) {
      tracker.onFrame("{\"type\":\"input_audio_buffer.speech_started\"}", (t + 100) * MS);
      tracker.onFrame("{\"type\":\"input_audio_buffer.speech_stopped\"}", (t + 1_000) * MS);
      tracker.onFrame("{\"type\":\"input_audio_buffer.committed\"}", (t + 1_010) * MS);
      tracker.onFrame("{\"type\":\"conversation.item.input_audio_transcription.completed\",\"transcript\":\"hi\"}", (t + 1_250) * MS);
      tracker.onFrame("{\"type\":\"response.created\"}", (t + 1_100) * MS);
      tracker.onFrame("{\"type\":\"response.output_audio.delta\",\"delta\":\"AAAA\"}", (t + 1_300) * MS);
      if (turn == 1) {
        tracker.onFrame("{\"type\":\"input_audio_buffer.speech_started\"}", (t + 1_800) * MS);
        tracker.onFrame("{\"type\":\"response.done\",\"response\":{\"status\":\"cancelled\",\"usage\":{\"input_tokens\":50,"
            + "\"output_tokens\":20,\"input_token_details\":{\"text_tokens\":10,\"audio_tokens\":40},"
            + "\"output_token_details\":{\"text_tokens\":4,\"audio_tokens\":16}}}}", (t + 2_100) * MS);
      } else {
        tracker.onFrame("{\"type\":\"response.done\",\"response\":{\"status\":\"completed\",\"usage\":{\"input_tokens\":50,"
            + "\"output_tokens\":30,\"input_token_details\":{\"text_tokens\":10,\"audio_tokens\":40},"
            + "\"output_token_details\":{\"text_tokens\":6,\"audio_tokens\":24}}}}", (t + 3_000) * MS);
      }
      t += 10_000;
    }

    Collection<MetricData> metrics = reader.collectAllMetrics();
    assertThat(counter(metrics, "conversation.turns", "conversation.role", "user")).isEqualTo(3);
    assertThat(counter(metrics, "conversation.turns", "conversation.role", "assistant")).isEqualTo(3);
    assertThat(counter(metrics, "conversation.interruptions", null, null)).isEqualTo(1);
    assertThat(counter(metrics, "conversation.responses", "conversation.response.status", "completed")).isEqualTo(2);
    assertThat(counter(metrics, "conversation.responses", "conversation.response.status", "cancelled")).isEqualTo(1);
    HistogramPointData latency = histogram(metrics, "conversation.response.latency");
    assertThat(latency.getCount()).isEqualTo(3);
    assertThat(latency.getSum()).isCloseTo(0.9, org.assertj.core.data.Offset.offset(1e-9));
    HistogramPointData bargeIn = histogram(metrics, "conversation.barge_in.latency");
    assertThat(bargeIn.getCount()).isEqualTo(1);
    assertThat(bargeIn.getSum()).isCloseTo(0.3, org.assertj.core.data.Offset.offset(1e-9));
    assertThat(histogram(metrics, "conversation.transcription.delay").getSum()).isCloseTo(0.75, org.assertj.core.data.Offset.offset(1e-9));
    // Realtime token usage, as GenAI usage of operation "realtime", by modality.
    MetricData tokens = find(metrics, "earshot.openai.tokens");
    long audioOut = tokens.getLongSumData().getPoints().stream()
        .filter(p -> "realtime".equals(p.getAttributes().get(AttributeKey.stringKey("gen_ai.operation.name")))
            && "output".equals(p.getAttributes().get(AttributeKey.stringKey("gen_ai.token.type")))
            && "audio".equals(p.getAttributes().get(AttributeKey.stringKey("earshot.openai.token.modality")))
            && "gpt-realtime".equals(p.getAttributes().get(AttributeKey.stringKey("gen_ai.request.model"))))
        .mapToLong(LongPointData::getValue).sum();
    assertThat(audioOut).isEqualTo(24 + 16 + 24);
  }

  private static MetricData find(Collection<MetricData> metrics, String name) {
    return metrics.stream().filter(m -> m.getName().equals(name)).findFirst().orElseThrow(() -> new AssertionError("no " + name));
  }

  private static long counter(Collection<MetricData> metrics, String name, String key, String value) {
    return find(metrics, name).getLongSumData().getPoints().stream()
        .filter(p -> "voice-metrics-test".equals(p.getAttributes().get(ENDPOINT)))
        .filter(p -> key == null || value.equals(p.getAttributes().get(AttributeKey.stringKey(key))))
        .peek(p -> assertThat(p.getAttributes().get(AttributeKey.stringKey("websocket.side"))).isEqualTo("client"))
        .mapToLong(LongPointData::getValue).sum();
  }

  private static HistogramPointData histogram(Collection<MetricData> metrics, String name) {
    Collection<HistogramPointData> points = find(metrics, name).getHistogramData().getPoints().stream()
        .filter(p -> "voice-metrics-test".equals(p.getAttributes().get(ENDPOINT)))
        .collect(java.util.stream.Collectors.toList());
    assertThat(points).hasSize(1);
    return points.iterator().next();
  }
}
