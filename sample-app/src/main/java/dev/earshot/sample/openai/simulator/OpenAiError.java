package dev.earshot.sample.openai.simulator;

import java.util.Map;

/**
 * An error answer in OpenAI's shape: {@code {"error":{"message":...,"type":...,"param":...,
 * "code":...}}} with its HTTP status. The messages are OpenAI's own wording where it is known.
 */
record OpenAiError(int status, String message, String type, String param, String code) {

  static final String NO_API_KEY =
      "You didn't provide an API key. You need to provide your API key in an Authorization header"
          + " using Bearer auth (i.e. Authorization: Bearer YOUR_KEY), or as the password field (with"
          + " blank username) if you're accessing the API from your browser and are prompted for a"
          + " username. You can obtain an API key from https://platform.openai.com/account/api-keys.";

  static final String INVALID_JSON =
      "We could not parse the JSON body of your request. (HINT: This likely means you aren't using"
          + " your HTTP library correctly. The OpenAI API expects a JSON payload, but what was sent was"
          + " not valid JSON. If you have trouble figuring out how to fix this, please contact us"
          + " through our help center at help.openai.com.)";

  Map<String, Object> body() {
    return Json.obj("error", Json.obj("message", message, "type", type, "param", param, "code", code));
  }

  static OpenAiError missingApiKey() {
    return new OpenAiError(401, NO_API_KEY, "invalid_request_error", null, null);
  }

  static OpenAiError invalidUrl(String method, String path) {
    return new OpenAiError(404, "Invalid URL (" + method + " " + path + ")", "invalid_request_error", null, null);
  }

  static OpenAiError invalidJson() {
    return new OpenAiError(400, INVALID_JSON, "invalid_request_error", null, null);
  }

  static OpenAiError missingParameter(String param) {
    return new OpenAiError(
        400, "Missing required parameter: '" + param + "'.", "invalid_request_error", param,
        "missing_required_parameter");
  }

  static OpenAiError invalidValue(String param, String message) {
    return new OpenAiError(400, message, "invalid_request_error", param, "invalid_value");
  }

  static OpenAiError bodyTooLarge(long limit) {
    return new OpenAiError(
        413, "Request body too large. The maximum size is " + limit + " bytes.", "invalid_request_error",
        null, null);
  }

  /** The 429 of an injected fault: a requests-per-minute limit, as the most common one. */
  static OpenAiError rateLimited(String model, long limit, String retryIn) {
    return new OpenAiError(
        429,
        "Rate limit reached for " + model + " in organization org-earshotsimulator on requests per min"
            + " (RPM): Limit " + limit + ", Used " + limit + ", Requested 1. Please try again in "
            + retryIn + ". Visit https://platform.openai.com/account/rate-limits to learn more.",
        "requests",
        null,
        "rate_limit_exceeded");
  }

  /** The 429 of the enforced window: requests or tokens per window exhausted. */
  static OpenAiError windowExhausted(String model, String what, long limit, long requested, String retryIn) {
    String unit = what.equals("tokens") ? "tokens per min (TPM)" : "requests per min (RPM)";
    return new OpenAiError(
        429,
        "Rate limit reached for " + model + " in organization org-earshotsimulator on " + unit
            + ": Limit " + limit + ", Used " + limit + ", Requested " + requested
            + ". Please try again in " + retryIn
            + ". Visit https://platform.openai.com/account/rate-limits to learn more.",
        what,
        null,
        "rate_limit_exceeded");
  }

  /** Any other injected status, worded as OpenAI words it. */
  static OpenAiError forStatus(int status, String model) {
    return switch (status) {
      case 400 -> new OpenAiError(400, "Invalid request (injected by the simulator).", "invalid_request_error", null, null);
      case 401 -> new OpenAiError(401, "Incorrect API key provided. You can find your API key at"
          + " https://platform.openai.com/account/api-keys.", "invalid_request_error", null, "invalid_api_key");
      case 403 -> new OpenAiError(403, "You are not allowed to sample from this model", "invalid_request_error", null, null);
      case 404 -> new OpenAiError(404, "The model `" + model + "` does not exist or you do not have access to it.",
          "invalid_request_error", null, "model_not_found");
      case 409 -> new OpenAiError(409, "Conflict (injected by the simulator).", "invalid_request_error", null, null);
      case 422 -> new OpenAiError(422, "Unprocessable entity (injected by the simulator).", "invalid_request_error", null, null);
      case 500 -> new OpenAiError(500, "The server had an error while processing your request. Sorry about that!",
          "server_error", null, null);
      case 502 -> new OpenAiError(502, "Bad gateway.", "server_error", null, null);
      case 503 -> new OpenAiError(503, "The engine is currently overloaded, please try again later.",
          "server_error", null, "service_unavailable");
      case 504 -> new OpenAiError(504, "Gateway timeout.", "server_error", null, null);
      default -> new OpenAiError(status, "Error " + status + " (injected by the simulator).",
          status >= 500 ? "server_error" : "invalid_request_error", null, null);
    };
  }
}
