package dev.earshot.sample.openai.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.SplittableRandom;

/**
 * {@code POST /v1/embeddings}: one unit-length vector per input, determined by the seed, the model
 * and the input (so equal inputs get equal vectors), answered after {@code ttft}. {@code
 * dimensions} shortens the model's default size (1536, or 3072 for {@code
 * text-embedding-3-large}); {@code encoding_format: base64} sends little-endian float32 bytes.
 */
final class EmbeddingsEndpoint implements Endpoint {

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
    if (input == null || input.isNull()) {
      ex.sendError(OpenAiError.missingParameter("input"));
      return;
    }
    List<String> inputs = new ArrayList<>();
    long promptTokens = 0;
    if (input.isTextual()) {
      inputs.add(input.textValue());
      promptTokens += TextGenerator.estimateTokens(input.textValue());
    } else if (input.isArray() && !input.isEmpty() && input.get(0).isNumber()) {
      inputs.add(input.toString()); // one input given as token ids
      promptTokens += input.size();
    } else if (input.isArray() && !input.isEmpty()) {
      for (JsonNode element : input) {
        if (element.isTextual()) {
          inputs.add(element.textValue());
          promptTokens += TextGenerator.estimateTokens(element.textValue());
        } else if (element.isArray()) {
          inputs.add(element.toString());
          promptTokens += element.size();
        } else {
          ex.sendError(OpenAiError.invalidValue("input", "Invalid 'input': expected strings or arrays of tokens."));
          return;
        }
      }
    } else {
      ex.sendError(OpenAiError.invalidValue("input", "'input' : input must be a string or an array of strings"));
      return;
    }
    int defaultDimensions = Models.embeddingDimensions(model);
    int dimensions = defaultDimensions;
    JsonNode requestedDimensions = request.get("dimensions");
    if (requestedDimensions != null && !requestedDimensions.isNull()) {
      dimensions = requestedDimensions.asInt(-1);
      if (dimensions < 1 || dimensions > defaultDimensions) {
        ex.sendError(OpenAiError.invalidValue("dimensions",
            "This model's maximum dimensions is " + defaultDimensions + ", but got " + requestedDimensions + "."));
        return;
      }
    }
    String encoding = request.hasNonNull("encoding_format") ? request.get("encoding_format").asText() : "float";
    if (!encoding.equals("float") && !encoding.equals("base64")) {
      ex.sendError(OpenAiError.invalidValue("encoding_format",
          "Invalid value for 'encoding_format': expected 'float' or 'base64'."));
      return;
    }
    if (!ex.chargeTokens(promptTokens)) {
      return;
    }

    List<Object> data = new ArrayList<>();
    for (int i = 0; i < inputs.size(); i++) {
      float[] vector = vector(Seeds.hash(ex.config.seed(), model, inputs.get(i)), dimensions);
      Object embedding = encoding.equals("base64") ? base64(vector) : vector;
      data.add(Json.obj("object", "embedding", "index", i, "embedding", embedding));
    }
    ex.sleepUntil(ex.config.ttftMs());
    ex.sendJson(
        200,
        Json.obj(
            "object", "list",
            "data", data,
            "model", model,
            "usage", Json.obj("prompt_tokens", promptTokens, "total_tokens", promptTokens)));
  }

  /** A pseudo-random unit vector. */
  static float[] vector(long seed, int dimensions) {
    SplittableRandom random = new SplittableRandom(seed);
    double[] values = new double[dimensions];
    double norm = 0;
    for (int i = 0; i < dimensions; i++) {
      values[i] = random.nextDouble() * 2 - 1;
      norm += values[i] * values[i];
    }
    norm = Math.sqrt(norm);
    float[] vector = new float[dimensions];
    for (int i = 0; i < dimensions; i++) {
      vector[i] = (float) (values[i] / norm);
    }
    return vector;
  }

  private static String base64(float[] vector) {
    ByteBuffer bytes = ByteBuffer.allocate(vector.length * 4).order(ByteOrder.LITTLE_ENDIAN);
    for (float value : vector) {
      bytes.putFloat(value);
    }
    return Base64.getEncoder().encodeToString(bytes.array());
  }
}
