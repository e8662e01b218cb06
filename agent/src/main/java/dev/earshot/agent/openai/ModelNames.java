package dev.earshot.agent.openai;

import dev.earshot.agent.core.CardinalityLimit;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Model names as label values, bounded: a raw client can send any string as a model, so only
 * names that look like model names are kept, and only the first {@link #MAX_MODELS} of them (later
 * ones are counted in {@code earshot.agent.cardinality.overflows} and remembered, bounded, so that
 * a refused name costs one lookup).
 */
final class ModelNames {

  static final int MAX_MODELS = 100;
  static final int MAX_LENGTH = 64;
  static final String OTHER = "_OTHER";

  private static final ConcurrentHashMap<String, String> known = new ConcurrentHashMap<>();
  private static final Set<String> refused = CardinalityLimit.refusedValues();

  private ModelNames() {}

  /** The label value of a model name; null stays null (unknown). */
  static String bounded(String model) {
    if (model == null || model.isEmpty()) {
      return null;
    }
    String existing = known.get(model);
    if (existing != null) {
      return existing;
    }
    if (model.length() > MAX_LENGTH || refused.contains(model) || !looksLikeModel(model)) {
      return OTHER;
    }
    if (known.size() >= MAX_MODELS) {
      CardinalityLimit.GEN_AI_MODEL.overflowed(refused, model);
      return OTHER;
    }
    String previous = known.putIfAbsent(model, model);
    return previous != null ? previous : model;
  }

  private static boolean looksLikeModel(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
          || c == '-' || c == '.' || c == '_' || c == ':' || c == '/' || c == '@';
      if (!ok) {
        return false;
      }
    }
    return true;
  }
}
