package dev.earshot.sample.openai.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.List;
import java.util.Map;

/**
 * {@code POST /v1/responses}, plain and streamed, with one output message of text.
 *
 * <p>Timing as for chat completions: a plain answer after {@code ttft + (tokens - 1) *
 * tokenDelay}; a stream sends {@code response.created}, {@code response.in_progress}, {@code
 * response.output_item.added} and {@code response.content_part.added} at once (as OpenAI does),
 * the first {@code response.output_text.delta} at {@code ttft}, one more every {@code
 * tokenDelay}, then {@code response.output_text.done}, {@code response.content_part.done}, {@code
 * response.output_item.done} and {@code response.completed} (or {@code response.incomplete} when
 * {@code max_output_tokens} cut the answer short). There is no {@code [DONE]} in this API.
 */
final class ResponsesEndpoint implements Endpoint {

  @Override
  public void handle(SimExchange ex) throws IOException {
    JsonNode request = ex.jsonBody();
    if (request == null) {
      return;
    }
    String model = ex.requiredText(request, "model");
    if (model == null) {
      return;
    }
    JsonNode input = request.get("input");
    if (input == null || !(input.isTextual() || input.isArray())) {
      ex.sendError(OpenAiError.missingParameter("input"));
      return;
    }
    Long maxOutput = ChatCompletionsEndpoint.maxTokens(request, "max_output_tokens");
    if (maxOutput != null && maxOutput < 16) {
      ex.sendError(OpenAiError.invalidValue("max_output_tokens",
          "Invalid 'max_output_tokens': integer below minimum value. Expected a value >= 16, but got "
              + maxOutput + " instead."));
      return;
    }
    boolean stream = request.path("stream").asBoolean(false);
    String instructions = Json.text(request, "instructions");

    SimulatorConfig config = ex.config;
    Prompts.Prompt prompt = Prompts.responsesInput(input, instructions);
    int count = config.tokensPerAnswer();
    boolean capped = maxOutput != null && maxOutput < count;
    if (capped) {
      count = maxOutput.intValue();
    }
    List<String> tokens = TextGenerator.answerTokens(Seeds.hash(config.seed(), model, prompt.text()), count);
    PromptCache.Use cache = ex.simulator().promptCache().use(Seeds.hash(0, prompt.text()), prompt.tokens());
    if (!ex.chargeTokens(prompt.tokens() + count)) {
      return;
    }

    String text = String.join("", tokens);
    String responseId = "resp_" + Seeds.hex(ex.random, 48);
    String messageId = "msg_" + Seeds.hex(ex.random, 48);
    long createdAt = ex.epochSeconds();
    String responseModel = Models.snapshot(model);
    Map<String, Object> usage =
        Json.obj(
            "input_tokens", prompt.tokens(),
            "input_tokens_details",
                Json.obj("cached_tokens", cache.cachedTokens(), "cache_write_tokens", cache.cacheWriteTokens()),
            "output_tokens", (long) count,
            "output_tokens_details", Json.obj("reasoning_tokens", 0),
            "total_tokens", prompt.tokens() + count);
    String finalStatus = capped ? "incomplete" : "completed";
    Object incompleteDetails = capped ? Json.obj("reason", "max_output_tokens") : null;
    Map<String, Object> message = message(messageId, capped ? "incomplete" : "completed", text);

    if (!stream) {
      ex.sleepUntil(config.ttftMs() + (count - 1) * config.tokenDelayMs());
      ex.sendJson(200, response(request, responseId, createdAt, responseModel, finalStatus,
          incompleteDetails, Json.arr(message), usage));
      return;
    }

    ex.sleepUntil(0);
    ex.startStream("text/event-stream; charset=utf-8");
    Events events = new Events(ex);
    Map<String, Object> inProgress =
        response(request, responseId, createdAt, responseModel, "in_progress", null, Json.arr(), null);
    events.send("response.created", Json.obj("response", inProgress), false);
    events.send("response.in_progress", Json.obj("response", inProgress), false);
    events.send("response.output_item.added",
        Json.obj("output_index", 0,
            "item", Json.obj("id", messageId, "type", "message", "status", "in_progress",
                "content", Json.arr(), "role", "assistant")),
        false);
    events.send("response.content_part.added",
        Json.obj("item_id", messageId, "output_index", 0, "content_index", 0,
            "part", outputText("")),
        true);
    for (int i = 0; i < count; i++) {
      ex.sleepUntil(config.ttftMs() + i * config.tokenDelayMs());
      events.send("response.output_text.delta",
          Json.obj("item_id", messageId, "output_index", 0, "content_index", 0,
              "delta", tokens.get(i), "logprobs", Json.arr()),
          true);
    }
    events.send("response.output_text.done",
        Json.obj("item_id", messageId, "output_index", 0, "content_index", 0, "text", text,
            "logprobs", Json.arr()),
        false);
    events.send("response.content_part.done",
        Json.obj("item_id", messageId, "output_index", 0, "content_index", 0, "part", outputText(text)),
        false);
    events.send("response.output_item.done", Json.obj("output_index", 0, "item", message), false);
    events.send(capped ? "response.incomplete" : "response.completed",
        Json.obj("response", response(request, responseId, createdAt, responseModel, finalStatus,
            incompleteDetails, Json.arr(message), usage)),
        true);
    ex.finish();
  }

  private static Map<String, Object> message(String id, String status, String text) {
    return Json.obj(
        "id", id,
        "type", "message",
        "status", status,
        "content", Json.arr(outputText(text)),
        "role", "assistant");
  }

  private static Map<String, Object> outputText(String text) {
    return Json.obj("type", "output_text", "annotations", Json.arr(), "logprobs", Json.arr(), "text", text);
  }

  private static Map<String, Object> response(
      JsonNode request,
      String id,
      long createdAt,
      String model,
      String status,
      Object incompleteDetails,
      List<Object> output,
      Map<String, Object> usage) {
    JsonNode metadata = request.get("metadata");
    return Json.obj(
        "id", id,
        "object", "response",
        "created_at", createdAt,
        "status", status,
        "background", false,
        "error", null,
        "incomplete_details", incompleteDetails,
        "instructions", Json.text(request, "instructions"),
        "max_output_tokens", ChatCompletionsEndpoint.maxTokens(request, "max_output_tokens"),
        "max_tool_calls", null,
        "model", model,
        "output", output,
        "parallel_tool_calls", request.path("parallel_tool_calls").asBoolean(true),
        "previous_response_id", Json.text(request, "previous_response_id"),
        "prompt_cache_key", null,
        "reasoning", Json.obj("effort", null, "summary", null),
        "safety_identifier", null,
        "service_tier", "default",
        "store", request.path("store").asBoolean(true),
        "temperature", request.path("temperature").asDouble(1.0),
        "text", Json.obj("format", Json.obj("type", "text"), "verbosity", "medium"),
        "tool_choice", "auto",
        "tools", Json.arr(),
        "top_logprobs", 0,
        "top_p", request.path("top_p").asDouble(1.0),
        "truncation", "disabled",
        "usage", usage,
        "user", null,
        "metadata", metadata != null && metadata.isObject() ? metadata : Json.obj());
  }

  /** Numbers the events of one stream ({@code sequence_number} starts at 0). */
  private static final class Events {
    private final SimExchange ex;
    private int sequence;

    Events(SimExchange ex) {
      this.ex = ex;
    }

    void send(String type, Map<String, Object> fields, boolean flush) throws IOException {
      Map<String, Object> event = Json.obj("type", type, "sequence_number", sequence++);
      event.putAll(fields);
      ex.writeEvent(type, event, flush);
    }
  }
}
