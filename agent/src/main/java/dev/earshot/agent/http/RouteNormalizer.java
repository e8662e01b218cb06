package dev.earshot.agent.http;

/**
 * Turns a raw request path into a route template when the framework gives none: id-like segments
 * (numbers, UUIDs, long hex strings, long opaque tokens) become {@code {id}}, query strings and
 * matrix parameters are dropped. Returns {@code null} for paths too long or too deep to be a
 * route, which the caller reports as {@code OTHER}.
 */
public final class RouteNormalizer {

  static final String ID = "{id}";
  private static final int MAX_LENGTH = 256;
  private static final int MAX_SEGMENTS = 16;

  private RouteNormalizer() {}

  public static String normalize(String rawPath) {
    if (rawPath == null || rawPath.isEmpty()) {
      return "/";
    }
    int end = rawPath.length();
    int query = rawPath.indexOf('?');
    if (query >= 0) {
      end = query;
    }
    int fragment = rawPath.indexOf('#');
    if (fragment >= 0 && fragment < end) {
      end = fragment;
    }
    if (end > MAX_LENGTH) {
      return null;
    }
    StringBuilder route = new StringBuilder(end + 8);
    int segments = 0;
    // Empty segments ("//", a trailing "/") are dropped: they never distinguish two routes.
    for (String segment : rawPath.substring(0, end).split("/")) {
      int matrix = segment.indexOf(';');
      if (matrix >= 0) {
        segment = segment.substring(0, matrix);
      }
      if (segment.isEmpty()) {
        continue;
      }
      if (++segments > MAX_SEGMENTS) {
        return null;
      }
      route.append('/').append(isIdLike(segment, 0, segment.length()) ? ID : segment);
    }
    return segments == 0 ? "/" : route.toString();
  }

  static boolean isIdLike(String s, int from, int to) {
    int length = to - from;
    boolean allDigits = true;
    boolean allHex = true;
    boolean token = true;
    int digits = 0;
    int letters = 0;
    for (int i = from; i < to; i++) {
      char c = s.charAt(i);
      boolean digit = c >= '0' && c <= '9';
      boolean hexLetter = (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
      boolean letter = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
      if (digit) {
        digits++;
      } else {
        allDigits = false;
      }
      if (letter) {
        letters++;
      }
      if (!digit && !hexLetter) {
        allHex = false;
      }
      if (!digit && !letter && c != '-' && c != '_') {
        token = false;
      }
    }
    if (allDigits) {
      return true;
    }
    if (length == 36 && isUuid(s, from)) {
      return true;
    }
    if (allHex && length >= 16 && digits > 0) {
      return true;
    }
    // Opaque identifiers (base62/base64url session ids, "sess_9fK2...") are long and mix digits
    // with letters; words do not, and neither do slugs, which may hold numbers but only as words
    // of their own ("top-10-voice-assistants-2024").
    return token && length >= 20 && digits > 0 && letters > 0 && !isSlug(s, from, to);
  }

  /** Dash-separated parts, each all lower-case letters or all digits. */
  private static boolean isSlug(String s, int from, int to) {
    if (s.indexOf('-', from) < 0 || s.indexOf('-', from) >= to) {
      return false;
    }
    boolean letters = false;
    boolean digits = false;
    for (int i = from; i <= to; i++) {
      char c = i < to ? s.charAt(i) : '-';
      if (c == '-') {
        if (letters == digits) {
          return false; // an empty part, or one mixing letters and digits
        }
        letters = false;
        digits = false;
      } else if (c >= 'a' && c <= 'z') {
        letters = true;
      } else if (c >= '0' && c <= '9') {
        digits = true;
      } else {
        return false;
      }
    }
    return true;
  }

  private static boolean isUuid(String s, int from) {
    for (int i = 0; i < 36; i++) {
      char c = s.charAt(from + i);
      if (i == 8 || i == 13 || i == 18 || i == 23) {
        if (c != '-') {
          return false;
        }
      } else if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'))) {
        return false;
      }
    }
    return true;
  }
}
