package dev.earshot.sample.openai.simulator;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * OpenAI's automatic prompt caching, roughly: the cacheable part of a prompt of 1024 tokens or
 * more (1024 plus whole 128-token blocks) is reported as written to the cache ({@code
 * cache_write_tokens}) the first time and as read from it ({@code cached_tokens}) when the same
 * prompt comes again. Remembers the last 1024 prompts.
 */
final class PromptCache {

  /** Tokens read from and written to the cache by one request. */
  record Use(long cachedTokens, long cacheWriteTokens) {}

  private static final int CAPACITY = 1024;
  private static final long MINIMUM_TOKENS = 1024;

  private final Map<Long, Boolean> seen =
      new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Long, Boolean> eldest) {
          return size() > CAPACITY;
        }
      };

  synchronized Use use(long promptHash, long promptTokens) {
    if (promptTokens < MINIMUM_TOKENS) {
      return new Use(0, 0);
    }
    long cacheable = MINIMUM_TOKENS + (promptTokens - MINIMUM_TOKENS) / 128 * 128;
    boolean hit = seen.put(promptHash, Boolean.TRUE) != null;
    return hit ? new Use(cacheable, 0) : new Use(0, cacheable);
  }

  synchronized void clear() {
    seen.clear();
  }
}
