package dev.earshot.agent.voice;

/**
 * Tells which OpenAI Realtime event a WebSocket text frame carries, from its top-level
 * {@code "type"}, without parsing the frame: audio deltas are large base64 strings arriving 50
 * times a second per conversation, so only the few characters around the type are read.
 *
 * <p>The type is looked for among the top-level keys from the start of the frame (OpenAI puts it
 * first or after {@code event_id}), then, if the first {@value #HEAD_WINDOW} characters did not
 * hold it, backwards from the end of the frame (a client that serialises its {@code audio} first),
 * and only then through the whole frame. GA and beta event names map to the same code. Nothing is
 * allocated.
 */
public final class RealtimeEvents {

  /** The frame is not a JSON object. */
  public static final int NOT_JSON = -1;
  /** A JSON object without a string {@code type} (or a malformed one). */
  public static final int NO_TYPE = 0;
  /** A {@code type} this table does not know. */
  public static final int OTHER = 1;
  /** {@link #classifyHead}: the first part of a frame did not tell; its last part may. */
  public static final int UNDECIDED = -3;

  public static final int SESSION_CREATED = 2;
  public static final int SESSION_UPDATED = 3;
  public static final int SESSION_UPDATE = 4;
  public static final int AUDIO_APPEND = 5;
  public static final int AUDIO_COMMIT = 6;
  public static final int AUDIO_COMMITTED = 7;
  public static final int AUDIO_CLEAR = 8;
  public static final int AUDIO_CLEARED = 9;
  public static final int SPEECH_STARTED = 10;
  public static final int SPEECH_STOPPED = 11;
  public static final int TRANSCRIPTION_DELTA = 12;
  public static final int TRANSCRIPTION_COMPLETED = 13;
  public static final int TRANSCRIPTION_FAILED = 14;
  public static final int ITEM_CREATE = 15;
  public static final int ITEM_CREATED = 16;
  public static final int ITEM_TRUNCATE = 17;
  public static final int ITEM_TRUNCATED = 18;
  public static final int RESPONSE_CREATE = 19;
  public static final int RESPONSE_CREATED = 20;
  public static final int RESPONSE_CANCEL = 21;
  public static final int RESPONSE_DONE = 22;
  public static final int OUTPUT_AUDIO_DELTA = 23;
  public static final int OUTPUT_AUDIO_DONE = 24;
  public static final int OUTPUT_TEXT_DELTA = 25;
  public static final int OUTPUT_TRANSCRIPT_DELTA = 26;
  public static final int OUTPUT_AUDIO_BUFFER_CLEAR = 27;
  public static final int OUTPUT_AUDIO_BUFFER_CLEARED = 28;
  public static final int OUTPUT_AUDIO_BUFFER_STARTED = 29;
  public static final int OUTPUT_AUDIO_BUFFER_STOPPED = 30;
  public static final int RATE_LIMITS_UPDATED = 31;
  public static final int ERROR = 32;
  static final int CODES = 33;

  /** Characters read from the start before looking from the end. */
  static final int HEAD_WINDOW = 512;
  /** Characters read backwards from the end before reading the whole frame. */
  static final int TAIL_WINDOW = 512;

  private static final int NOT_FOUND = -2;

  /** Event names, GA and beta, by length: names[length][i] has code codes[length][i]. */
  private static final String[][] NAMES;
  private static final int[][] NAME_CODES;

  static {
    Object[][] table = {
      {"session.created", SESSION_CREATED},
      {"session.updated", SESSION_UPDATED},
      {"session.update", SESSION_UPDATE},
      {"input_audio_buffer.append", AUDIO_APPEND},
      {"input_audio_buffer.commit", AUDIO_COMMIT},
      {"input_audio_buffer.committed", AUDIO_COMMITTED},
      {"input_audio_buffer.clear", AUDIO_CLEAR},
      {"input_audio_buffer.cleared", AUDIO_CLEARED},
      {"input_audio_buffer.speech_started", SPEECH_STARTED},
      {"input_audio_buffer.speech_stopped", SPEECH_STOPPED},
      {"conversation.item.input_audio_transcription.delta", TRANSCRIPTION_DELTA},
      {"conversation.item.input_audio_transcription.completed", TRANSCRIPTION_COMPLETED},
      {"conversation.item.input_audio_transcription.failed", TRANSCRIPTION_FAILED},
      {"conversation.item.create", ITEM_CREATE},
      {"conversation.item.created", ITEM_CREATED},
      {"conversation.item.added", ITEM_CREATED},
      {"conversation.item.truncate", ITEM_TRUNCATE},
      {"conversation.item.truncated", ITEM_TRUNCATED},
      {"response.create", RESPONSE_CREATE},
      {"response.created", RESPONSE_CREATED},
      {"response.cancel", RESPONSE_CANCEL},
      {"response.done", RESPONSE_DONE},
      {"response.output_audio.delta", OUTPUT_AUDIO_DELTA},
      {"response.audio.delta", OUTPUT_AUDIO_DELTA},
      {"response.output_audio.done", OUTPUT_AUDIO_DONE},
      {"response.audio.done", OUTPUT_AUDIO_DONE},
      {"response.output_text.delta", OUTPUT_TEXT_DELTA},
      {"response.text.delta", OUTPUT_TEXT_DELTA},
      {"response.output_audio_transcript.delta", OUTPUT_TRANSCRIPT_DELTA},
      {"response.audio_transcript.delta", OUTPUT_TRANSCRIPT_DELTA},
      {"output_audio_buffer.clear", OUTPUT_AUDIO_BUFFER_CLEAR},
      {"output_audio_buffer.cleared", OUTPUT_AUDIO_BUFFER_CLEARED},
      {"output_audio_buffer.started", OUTPUT_AUDIO_BUFFER_STARTED},
      {"output_audio_buffer.stopped", OUTPUT_AUDIO_BUFFER_STOPPED},
      {"rate_limits.updated", RATE_LIMITS_UPDATED},
      {"error", ERROR},
    };
    int longest = 0;
    for (Object[] row : table) {
      longest = Math.max(longest, ((String) row[0]).length());
    }
    NAMES = new String[longest + 1][0];
    NAME_CODES = new int[longest + 1][0];
    for (Object[] row : table) {
      String name = (String) row[0];
      int length = name.length();
      NAMES[length] = java.util.Arrays.copyOf(NAMES[length], NAMES[length].length + 1);
      NAMES[length][NAMES[length].length - 1] = name;
      NAME_CODES[length] = java.util.Arrays.copyOf(NAME_CODES[length], NAME_CODES[length].length + 1);
      NAME_CODES[length][NAME_CODES[length].length - 1] = (Integer) row[1];
    }
  }

  private RealtimeEvents() {}

  /** The event code of a text frame: one of the constants of this class. */
  public static int classify(CharSequence frame) {
    int n = frame.length();
    int open = skipWhitespace(frame, 0, n);
    if (open >= n || frame.charAt(open) != '{') {
      return NOT_JSON;
    }
    int head = forward(frame, open + 1, Math.min(n, open + 1 + HEAD_WINDOW));
    if (head != NOT_FOUND) {
      return head;
    }
    int tail = backward(frame, n);
    if (tail != NOT_FOUND) {
      return tail;
    }
    int whole = forward(frame, open + 1, n);
    return whole == NOT_FOUND ? NO_TYPE : whole;
  }

  /**
   * The code of a frame that arrives in parts, from its first part: {@link #UNDECIDED} when the
   * part's first {@value #HEAD_WINDOW} characters hold no type (then ask {@link #classifyTail}
   * with the last part).
   */
  public static int classifyHead(CharSequence firstPart) {
    int n = firstPart.length();
    int open = skipWhitespace(firstPart, 0, n);
    if (open >= n || firstPart.charAt(open) != '{') {
      return open >= n ? UNDECIDED : NOT_JSON;
    }
    int head = forward(firstPart, open + 1, Math.min(n, open + 1 + HEAD_WINDOW));
    return head == NOT_FOUND ? UNDECIDED : head;
  }

  /** The code of a frame that arrived in parts, from the end of its last part: NO_TYPE when not found there. */
  public static int classifyTail(CharSequence lastPart) {
    int tail = backward(lastPart, lastPart.length());
    return tail == NOT_FOUND ? NO_TYPE : tail;
  }

  /** The name of a code, for logs and tests. */
  public static String name(int code) {
    for (int length = 0; length < NAMES.length; length++) {
      for (int i = 0; i < NAMES[length].length; i++) {
        if (NAME_CODES[length][i] == code) {
          return NAMES[length][i];
        }
      }
    }
    return code == OTHER ? "(other)" : code == NO_TYPE ? "(no type)" : "(not JSON)";
  }

  /**
   * Walks the top-level keys of the object whose body starts at {@code from}, up to
   * {@code limit}: the type's code, NO_TYPE when the object ends (or breaks) without one,
   * NOT_FOUND when the limit came first.
   */
  private static int forward(CharSequence s, int from, int limit) {
    int p = from;
    while (true) {
      p = skipWhitespace(s, p, limit);
      if (p >= limit) {
        return NOT_FOUND;
      }
      char c = s.charAt(p);
      if (c == ',') {
        p++;
        continue;
      }
      if (c != '"') {
        return NO_TYPE;
      }
      int keyEnd = stringEnd(s, p + 1, limit);
      if (keyEnd < 0) {
        return NOT_FOUND;
      }
      boolean isType = isTypeKey(s, p + 1, keyEnd);
      p = skipWhitespace(s, keyEnd + 1, limit);
      if (p >= limit) {
        return NOT_FOUND;
      }
      if (s.charAt(p) != ':') {
        return NO_TYPE;
      }
      p = skipWhitespace(s, p + 1, limit);
      if (p >= limit) {
        return NOT_FOUND;
      }
      if (isType) {
        if (s.charAt(p) != '"') {
          return NO_TYPE;
        }
        int valueEnd = stringEnd(s, p + 1, limit);
        return valueEnd < 0 ? NOT_FOUND : lookup(s, p + 1, valueEnd);
      }
      p = skipValue(s, p, limit);
      if (p < 0) {
        return p == NOT_FOUND ? NOT_FOUND : NO_TYPE;
      }
    }
  }

  /**
   * From the end of the frame backwards, at most {@link #TAIL_WINDOW} characters: a top-level
   * {@code "type": "..."} pair, read as value, colon, key.
   */
  private static int backward(CharSequence s, int n) {
    int end = n - 1;
    while (end >= 0 && isWhitespace(s.charAt(end))) {
      end--;
    }
    if (end < 0 || s.charAt(end) != '}') {
      return NOT_FOUND;
    }
    int stop = Math.max(0, end - TAIL_WINDOW);
    int depth = 0;
    int p = end - 1;
    while (p > stop) {
      char c = s.charAt(p);
      if (c == '"') {
        int open = stringStartBackwards(s, p, stop);
        if (open < 0) {
          return NOT_FOUND;
        }
        if (depth == 0) {
          int colon = skipWhitespaceBackwards(s, open - 1, stop);
          if (colon > stop && s.charAt(colon) == ':') {
            int keyClose = skipWhitespaceBackwards(s, colon - 1, stop);
            if (keyClose > stop && s.charAt(keyClose) == '"') {
              int keyOpen = stringStartBackwards(s, keyClose, stop);
              if (keyOpen < 0) {
                return NOT_FOUND;
              }
              if (isTypeKey(s, keyOpen + 1, keyClose)) {
                return lookup(s, open + 1, p);
              }
            }
          }
        }
        p = open - 1;
        continue;
      }
      if (c == '}' || c == ']') {
        depth++;
      } else if (c == '{' || c == '[') {
        if (--depth < 0) {
          return NO_TYPE;
        }
      }
      p--;
    }
    return NOT_FOUND;
  }

  /** Index of the closing quote of the string whose first character is at {@code from}, or -1. */
  private static int stringEnd(CharSequence s, int from, int limit) {
    for (int k = from; k < limit; k++) {
      char c = s.charAt(k);
      if (c == '\\') {
        k++;
      } else if (c == '"') {
        return k;
      }
    }
    return -1;
  }

  /** Index of the opening quote of the string closed at {@code close}, or -1 before {@code stop}. */
  private static int stringStartBackwards(CharSequence s, int close, int stop) {
    for (int k = close - 1; k > stop; k--) {
      if (s.charAt(k) == '"') {
        int backslashes = 0;
        for (int b = k - 1; b > stop && s.charAt(b) == '\\'; b--) {
          backslashes++;
        }
        if ((backslashes & 1) == 0) {
          return k;
        }
      }
    }
    return -1;
  }

  /** Index just past the value starting at {@code p}; NOT_FOUND past the limit, -3 if malformed. */
  private static int skipValue(CharSequence s, int p, int limit) {
    char c = s.charAt(p);
    if (c == '"') {
      int end = stringEnd(s, p + 1, limit);
      return end < 0 ? NOT_FOUND : end + 1;
    }
    if (c == '{' || c == '[') {
      int depth = 0;
      for (int k = p; k < limit; k++) {
        char d = s.charAt(k);
        if (d == '"') {
          k = stringEnd(s, k + 1, limit);
          if (k < 0) {
            return NOT_FOUND;
          }
        } else if (d == '{' || d == '[') {
          depth++;
        } else if (d == '}' || d == ']') {
          if (--depth == 0) {
            return k + 1;
          }
        }
      }
      return NOT_FOUND;
    }
    for (int k = p; k < limit; k++) {
      char d = s.charAt(k);
      if (d == ',' || d == '}' || d == ']' || isWhitespace(d)) {
        return k == p ? -3 : k;
      }
    }
    return NOT_FOUND;
  }

  private static boolean isTypeKey(CharSequence s, int from, int to) {
    return to - from == 4 && s.charAt(from) == 't' && s.charAt(from + 1) == 'y' && s.charAt(from + 2) == 'p'
        && s.charAt(from + 3) == 'e';
  }

  private static int lookup(CharSequence s, int from, int to) {
    int length = to - from;
    if (length >= NAMES.length) {
      return OTHER;
    }
    String[] candidates = NAMES[length];
    for (int i = 0; i < candidates.length; i++) {
      if (regionEquals(s, from, candidates[i])) {
        return NAME_CODES[length][i];
      }
    }
    return OTHER;
  }

  private static boolean regionEquals(CharSequence s, int from, String name) {
    // Names share long prefixes ("input_audio_buffer."): compare from the end, where they differ.
    for (int i = name.length() - 1; i >= 0; i--) {
      if (s.charAt(from + i) != name.charAt(i)) {
        return false;
      }
    }
    return true;
  }

  private static int skipWhitespace(CharSequence s, int p, int limit) {
    while (p < limit && isWhitespace(s.charAt(p))) {
      p++;
    }
    return p;
  }

  private static int skipWhitespaceBackwards(CharSequence s, int p, int stop) {
    while (p > stop && isWhitespace(s.charAt(p))) {
      p--;
    }
    return p;
  }

  private static boolean isWhitespace(char c) {
    return c == ' ' || c == '\n' || c == '\r' || c == '\t';
  }
}
