package dev.earshot.sample.openai.simulator.realtime;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The ephemeral client secrets ({@code ek_...}) the simulator minted through {@code POST
 * /v1/realtime/client_secrets} (and beta {@code /v1/realtime/sessions}), so that the Realtime
 * endpoint accepts exactly those, until they expire, as OpenAI does. Other keys ({@code sk-...} or
 * anything else) are accepted as long as they are not empty.
 */
public final class EphemeralKeys {

  /** Bounds the map if a load test mints keys and never uses them. */
  private static final int MAX_KEYS = 100_000;

  private final Map<String, Long> expiresAtMillis = new ConcurrentHashMap<>();

  public void minted(String value, long expiresAtEpochSeconds) {
    if (expiresAtMillis.size() >= MAX_KEYS) {
      long now = System.currentTimeMillis();
      expiresAtMillis.values().removeIf(expiry -> expiry <= now);
    }
    expiresAtMillis.put(value, expiresAtEpochSeconds * 1000);
  }

  /** Whether {@code key} may open a Realtime session: any non-empty key, an {@code ek_} only if minted and unexpired. */
  public boolean accepts(String key) {
    if (key == null || key.isBlank()) {
      return false;
    }
    if (!key.startsWith("ek_")) {
      return true;
    }
    Long expiry = expiresAtMillis.get(key);
    return expiry != null && expiry > System.currentTimeMillis();
  }
}
