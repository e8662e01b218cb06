package dev.earshot.sample.openai.simulator.realtime;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Ordered JSON objects with explicit nulls, as the HTTP endpoints build theirs. */
final class RealtimeJson {

  private RealtimeJson() {}

  static Map<String, Object> obj(Object... keysAndValues) {
    Map<String, Object> map = new LinkedHashMap<>();
    for (int i = 0; i < keysAndValues.length; i += 2) {
      map.put((String) keysAndValues[i], keysAndValues[i + 1]);
    }
    return map;
  }

  static List<Object> arr(Object... elements) {
    return new ArrayList<>(Arrays.asList(elements));
  }
}
