package dev.earshot.agent.it.openai;

import dev.earshot.agent.it.support.PrometheusText;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** The OpenAI metrics as the Prometheus endpoint shows them (names from the OpenAI contract). */
final class OpenAiMetrics {

  static final String DURATION_COUNT = "gen_ai_client_operation_duration_seconds_count";
  static final String TTFT_COUNT = "gen_ai_client_operation_time_to_first_chunk_seconds_count";
  static final String TTFT_SUM = "gen_ai_client_operation_time_to_first_chunk_seconds_sum";
  static final String CHUNK_GAP_COUNT = "gen_ai_client_operation_time_per_output_chunk_seconds_count";
  static final String TOKEN_USAGE_COUNT = "gen_ai_client_token_usage_count";
  static final String TOKEN_USAGE_SUM = "gen_ai_client_token_usage_sum";
  static final String TOKENS = "earshot_openai_tokens_total";
  static final String REMAINING_REQUESTS = "earshot_openai_rate_limit_remaining_requests";
  static final String REMAINING_TOKENS = "earshot_openai_rate_limit_remaining_tokens";
  static final String RATE_LIMIT_EXCEEDED = "earshot_openai_rate_limit_exceeded_total";
  static final String RETRIES = "earshot_openai_retries_total";
  static final String AGENT_ERRORS = "earshot_agent_errors_total";

  /** Every OpenAI metric that carries the call's attributes. */
  static final List<String> CALL_METRICS = List.of(DURATION_COUNT, TTFT_COUNT, CHUNK_GAP_COUNT, TOKEN_USAGE_COUNT, TOKENS,
      REMAINING_REQUESTS, REMAINING_TOKENS, RATE_LIMIT_EXCEEDED, RETRIES);

  private OpenAiMetrics() {}

  /** Operations recorded with all the given labels, summed over every other label. */
  static long operations(PrometheusText metrics, String... labels) {
    return (long) metrics.sum(DURATION_COUNT, labels);
  }

  /** Operations per request model ({@code "-"} when the label is absent). */
  static Map<String, Long> operationsByModel(PrometheusText metrics) {
    Map<String, Long> byModel = new TreeMap<>();
    for (PrometheusText.Sample sample : metrics.series(DURATION_COUNT)) {
      String model = sample.label("gen_ai_request_model");
      byModel.merge(model == null ? "-" : model, (long) sample.value(), Long::sum);
    }
    return byModel;
  }

  /** Sum of the token usage histogram for one token type and model. */
  static long tokenSum(PrometheusText metrics, String type, String model) {
    return (long) metrics.sum(TOKEN_USAGE_SUM, "gen_ai_token_type", type, "gen_ai_request_model", model);
  }

  static long tokenCount(PrometheusText metrics, String type, String model) {
    return (long) metrics.sum(TOKEN_USAGE_COUNT, "gen_ai_token_type", type, "gen_ai_request_model", model);
  }

  /** earshot_openai_tokens_total for one modality and model, over both token types. */
  static long tokensByModality(PrometheusText metrics, String modality, String model) {
    return (long) metrics.sum(TOKENS, "earshot_openai_token_modality", modality, "gen_ai_request_model", model);
  }

  /** Every sample of the OpenAI metrics that has this request model. */
  static List<PrometheusText.Sample> seriesOfModel(PrometheusText metrics, String model) {
    List<PrometheusText.Sample> samples = new ArrayList<>();
    for (String name : CALL_METRICS) {
      samples.addAll(metrics.series(name, "gen_ai_request_model", model));
    }
    return samples;
  }

  /** Labels every operation of a call to the simulator carries. */
  static String[] callLabels(String operation, String model, String responseModel, int port) {
    return new String[] {"gen_ai_operation_name", operation, "gen_ai_provider_name", "openai", "gen_ai_request_model", model,
        "gen_ai_response_model", responseModel, "server_address", "127.0.0.1", "server_port", Integer.toString(port)};
  }
}
