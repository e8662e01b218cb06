package dev.earshot.sample.openai.simulator;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/** {@code GET /v1/models}: the models the simulator knows by name, answered at once. */
final class ModelsEndpoint implements Endpoint {

  @Override
  public void handle(SimExchange ex) throws IOException {
    List<Object> data = new ArrayList<>();
    for (String model : Models.LISTED) {
      data.add(Json.obj("id", model, "object", "model", "created", 1_715_367_049L, "owned_by", "system"));
    }
    ex.sleepUntil(0);
    ex.sendJson(200, Json.obj("object", "list", "data", data));
  }
}
