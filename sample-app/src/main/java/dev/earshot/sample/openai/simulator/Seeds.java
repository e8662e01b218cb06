package dev.earshot.sample.openai.simulator;

import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;

/**
 * Deterministic randomness. Everything the simulator makes up (answers, ids, embedding vectors,
 * fault choices) comes from the configured seed mixed with either the request's content (so the
 * same question gets the same answer whatever the traffic around it) or the request's sequence
 * number (so that a sequential test sees the same ids and the same injected faults on every run).
 *
 * <p>Public for the Realtime simulator ({@code simulator.realtime}).
 */
public final class Seeds {

  private static final char[] BASE62 =
      "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz".toCharArray();
  private static final char[] HEX = "0123456789abcdef".toCharArray();

  private Seeds() {}

  /** SplitMix64's finaliser: a bijective, well-mixing 64-bit hash. */
  public static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
    z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
    return z ^ (z >>> 31);
  }

  public static long combine(long seed, long value) {
    return mix(seed ^ mix(value + 0x9e3779b97f4a7c15L));
  }

  /** FNV-1a over the UTF-8 of each part (parts separated so that ("ab","c") != ("a","bc")). */
  public static long hash(long seed, String... parts) {
    long h = 0xcbf29ce484222325L ^ mix(seed);
    for (String part : parts) {
      byte[] bytes = (part == null ? "\u0000null" : part).getBytes(StandardCharsets.UTF_8);
      for (byte b : bytes) {
        h ^= b & 0xff;
        h *= 0x100000001b3L;
      }
      h ^= 0xff;
      h *= 0x100000001b3L;
    }
    return mix(h);
  }

  public static long hash(long seed, byte[] data) {
    long h = 0xcbf29ce484222325L ^ mix(seed);
    for (byte b : data) {
      h ^= b & 0xff;
      h *= 0x100000001b3L;
    }
    return mix(h);
  }

  public static SplittableRandom random(long seed, long value) {
    return new SplittableRandom(combine(seed, value));
  }

  public static String base62(SplittableRandom random, int length) {
    char[] chars = new char[length];
    for (int i = 0; i < length; i++) {
      chars[i] = BASE62[random.nextInt(BASE62.length)];
    }
    return new String(chars);
  }

  public static String hex(SplittableRandom random, int length) {
    char[] chars = new char[length];
    for (int i = 0; i < length; i++) {
      chars[i] = HEX[random.nextInt(16)];
    }
    return new String(chars);
  }
}
