package dev.earshot.agent.openai;

import java.nio.ByteBuffer;

/**
 * Reads what the metrics need from an OpenAI response body while its bytes pass by on their way to
 * the application: the response model, the token usage, and for server-sent events the arrival of
 * each chunk.
 *
 * <p>It is a byte-level state machine over JSON (and SSE framing around it), not a parser: it
 * keeps no tree and no strings but the model name, so a megabyte of base64 audio costs one tight
 * loop over its bytes and nothing else. It recognises only the few keys it needs, by their place:
 * {@code model} at the top level (or in the {@code response} object of a Responses API event),
 * {@code usage.{prompt,completion,input,output}_tokens} and the {@code audio_tokens} /
 * {@code text_tokens} of the usage's detail objects. Anything it cannot follow (bytes skipped by
 * the reader, malformed JSON) only costs the values it would have read.
 *
 * <p>Not thread-safe: a body is read by one thread at a time.
 */
public final class ResponseScanner {

  static final int OPAQUE = 0;
  static final int JSON = 1;
  static final int SSE = 2;

  /** Receives the chunks of a streamed response, at the moment each one has fully arrived. */
  interface ChunkListener {
    void onChunk(long nanoTime);
  }

  // Keys the scanner knows.
  private static final int K_NONE = 0;
  private static final int K_MODEL = 1;
  private static final int K_USAGE = 2;
  private static final int K_INPUT = 3;
  private static final int K_OUTPUT = 4;
  private static final int K_INPUT_DETAILS = 5;
  private static final int K_OUTPUT_DETAILS = 6;
  private static final int K_AUDIO = 7;
  private static final int K_TEXT = 8;
  private static final int K_RESPONSE = 9;
  private static final int K_TYPE = 10;
  private static final int K_SESSION = 11;
  private static final int K_STATUS = 12;
  private static final int K_OTHER = 13;

  private static final byte[][] KEY_NAMES = {
    null,
    bytes("model"),
    bytes("usage"),
    null, null, null, null,
    bytes("audio_tokens"),
    bytes("text_tokens"),
    bytes("response"),
    bytes("type"),
    bytes("session"),
    bytes("status"),
  };
  private static final byte[][] INPUT_KEYS = {bytes("prompt_tokens"), bytes("input_tokens")};
  private static final byte[][] OUTPUT_KEYS = {bytes("completion_tokens"), bytes("output_tokens")};
  private static final byte[][] INPUT_DETAIL_KEYS = {bytes("prompt_tokens_details"), bytes("input_tokens_details"), bytes("input_token_details")};
  private static final byte[][] OUTPUT_DETAIL_KEYS = {bytes("completion_tokens_details"), bytes("output_tokens_details"), bytes("output_token_details")};

  private static final int MAX_DEPTH = 16;
  private static final long MAX_COUNT = 1_000_000_000_000_000L;
  private static final int KEY_CAPACITY = 32;
  private static final int VALUE_CAPACITY = 64;
  private static final byte[] DATA_PREFIX = bytes("data:");
  private static final byte[] DELTA_SUFFIX = bytes(".delta");

  private final int mode;
  private final ChunkListener chunks;

  // JSON state
  private int depth;
  /** The key whose value the container at each depth is; 0 at the top level. */
  private final byte[] containerKey = new byte[MAX_DEPTH + 1];
  /** Whether the container at each depth is an object (else an array). */
  private final boolean[] inObject = new boolean[MAX_DEPTH + 1];
  private boolean expectingKey;
  private int currentKey;
  private boolean inString;
  private boolean escaped;
  /** Whether the string being read is a key (read or skipped). */
  private boolean keyString;
  /** 1 = the string being read is a key, 2 = a value to keep, 0 = neither. */
  private int stringRole;
  private final byte[] text = new byte[VALUE_CAPACITY];
  private int textLength;
  private boolean textOverflow;
  private long number = -1;

  // Results
  private final byte[] model = new byte[VALUE_CAPACITY];
  private int modelLength = -1;
  long inputTokens = -1;
  long outputTokens = -1;
  long inputAudioTokens = -1;
  long inputTextTokens = -1;
  long outputAudioTokens = -1;
  long outputTextTokens = -1;

  /** The {@code response.status} of a Responses API or Realtime event; see {@link #responseStatus()}. */
  private int responseStatus = STATUS_UNKNOWN;

  public static final int STATUS_UNKNOWN = 0;
  public static final int STATUS_COMPLETED = 1;
  public static final int STATUS_CANCELLED = 2;
  public static final int STATUS_FAILED = 3;
  public static final int STATUS_INCOMPLETE = 4;
  public static final int STATUS_IN_PROGRESS = 5;
  private static final byte[][] STATUS_NAMES = {
    null, bytes("completed"), bytes("cancelled"), bytes("failed"), bytes("incomplete"), bytes("in_progress"),
  };

  // SSE state
  /** Bytes of "data:" matched at the start of the current line; -1 = not a data line. */
  private int prefixMatched;
  private boolean payloadStarted;
  private boolean payloadIsJson;
  private boolean sawType;
  private boolean typeIsDelta;
  private int chunkCount;

  /** A scanner for one JSON document (a Realtime event, say) fed with {@link #feed(CharSequence)}. */
  public static ResponseScanner forJson() {
    return new ResponseScanner(JSON, null);
  }

  ResponseScanner(int mode, ChunkListener chunks) {
    this.mode = mode;
    this.chunks = chunks;
  }

  static int modeOf(String contentType) {
    if (contentType == null) {
      return OPAQUE;
    }
    if (regionMatches(contentType, "text/event-stream")) {
      return SSE;
    }
    return contentType.contains("json") ? JSON : OPAQUE;
  }

  int mode() {
    return mode;
  }

  int chunkCount() {
    return chunkCount;
  }

  boolean hasModel() {
    return modelLength > 0;
  }

  /** The response model, or null when the body named none. */
  public String model() {
    return modelLength <= 0 ? null : new String(model, 0, modelLength, java.nio.charset.StandardCharsets.ISO_8859_1);
  }

  void feed(byte[] bytes, int offset, int length) {
    if (mode == OPAQUE) {
      return;
    }
    int end = offset + length;
    for (int i = offset; i < end; i++) {
      if (inString) {
        // Tight loop over long strings (text, base64 audio): only quotes, backslashes and, in an
        // event stream, line ends matter.
        i = skipStringBody(bytes, i, end);
        if (i >= end) {
          break;
        }
      }
      byte b = bytes[i];
      if (payloadIsJson && b != '\n' && b != '\r') {
        // Inside an event's JSON payload: the common case, straight to the JSON machine.
        acceptJson(b);
      } else {
        accept(b);
      }
    }
  }

  /**
   * A document held as text. Characters beyond ASCII only ever occur inside strings; each is read
   * as one neutral byte, never as a quote or a backslash.
   */
  public void feed(CharSequence text) {
    if (mode == OPAQUE) {
      return;
    }
    for (int i = 0, n = text.length(); i < n; i++) {
      char c = text.charAt(i);
      accept(c < 128 ? (byte) c : (byte) 'a');
    }
  }

  /** One of the {@code STATUS_*} constants. */
  public int responseStatus() {
    return responseStatus;
  }

  /** Token counts of the usage, -1 where the response gave none. */
  public long inputTokens() {
    return inputTokens;
  }

  public long outputTokens() {
    return outputTokens;
  }

  public long inputAudioTokens() {
    return inputAudioTokens;
  }

  public long inputTextTokens() {
    return inputTextTokens;
  }

  public long outputAudioTokens() {
    return outputAudioTokens;
  }

  public long outputTextTokens() {
    return outputTextTokens;
  }

  void feed(ByteBuffer buffer) {
    if (mode == OPAQUE) {
      return;
    }
    if (buffer.hasArray()) {
      feed(buffer.array(), buffer.arrayOffset() + buffer.position(), buffer.remaining());
      return;
    }
    for (int i = buffer.position(), end = buffer.limit(); i < end; i++) {
      accept(buffer.get(i));
    }
  }

  void feed(int b) {
    if (mode != OPAQUE && b >= 0) {
      accept((byte) b);
    }
  }

  /**
   * Inside a string of no interest, advances to the next quote or backslash; returns its index (or
   * {@code end}). Strings the scanner keeps are read byte by byte.
   */
  private int skipStringBody(byte[] bytes, int i, int end) {
    if (escaped) {
      return i;
    }
    if (stringRole != 0) {
      // A key or a value the scanner keeps: copied in the same tight loop, up to its capacity.
      byte[] t = text;
      int length = textLength;
      while (i < end) {
        byte b = bytes[i];
        if (b == '"' || b == '\\' || b == '\n' || b == '\r') {
          break;
        }
        if (length < t.length) {
          t[length++] = b;
        } else {
          textOverflow = true;
        }
        i++;
      }
      textLength = length;
      return i;
    }
    if (mode == SSE) {
      while (i < end) {
        byte b = bytes[i];
        if (b == '"' || b == '\\' || b == '\n' || b == '\r') {
          return i;
        }
        i++;
      }
      return i;
    }
    while (i < end) {
      byte b = bytes[i];
      if (b == '"' || b == '\\') {
        return i;
      }
      i++;
    }
    return i;
  }

  private void accept(byte b) {
    if (mode == SSE) {
      acceptSse(b);
    } else {
      acceptJson(b);
    }
  }

  private void acceptSse(byte b) {
    if (b == '\n' || b == '\r') {
      endOfLine();
      return;
    }
    if (prefixMatched < 0) {
      return;
    }
    if (prefixMatched < DATA_PREFIX.length) {
      if (b == DATA_PREFIX[prefixMatched]) {
        prefixMatched++;
      } else {
        prefixMatched = -1;
      }
      return;
    }
    if (!payloadStarted) {
      if (b == ' ') {
        return;
      }
      payloadStarted = true;
      payloadIsJson = b == '{';
      resetJson();
    }
    if (payloadIsJson) {
      acceptJson(b);
    }
  }

  private void endOfLine() {
    if (prefixMatched == DATA_PREFIX.length && payloadIsJson) {
      // "[DONE]" and event lines are not chunks; a Responses API event is one only when it carries
      // output (its type ends in ".delta"), else response.created would pass for the first token.
      if (!sawType || typeIsDelta) {
        chunkCount++;
        if (chunks != null) {
          chunks.onChunk(System.nanoTime());
        }
      }
    }
    prefixMatched = 0;
    payloadStarted = false;
    payloadIsJson = false;
    inString = false;
    escaped = false;
    stringRole = 0;
  }

  private void resetJson() {
    depth = 0;
    expectingKey = false;
    currentKey = K_NONE;
    inString = false;
    escaped = false;
    stringRole = 0;
    number = -1;
    sawType = false;
    typeIsDelta = false;
  }

  private void acceptJson(byte b) {
    if (inString) {
      acceptInString(b);
      return;
    }
    acceptStructure(b);
  }

  private void acceptInString(byte b) {
    {
      if (escaped) {
        escaped = false;
        textOverflow |= stringRole != 0;
        return;
      }
      if (b == '\\') {
        escaped = true;
        return;
      }
      if (b == '"') {
        inString = false;
        endOfString();
        return;
      }
      if (stringRole != 0) {
        if (textLength < text.length) {
          text[textLength++] = b;
        } else {
          textOverflow = true;
        }
      }
    }
  }

  /**
   * Kept small so that the JIT inlines it into the byte loop; the work of each structural byte is
   * in the methods it calls.
   */
  private void acceptStructure(byte b) {
    if (b >= '0' && b <= '9') {
      if (number >= 0) {
        // More digits than any real count (a long's worth): not a count at all.
        number = number < MAX_COUNT / 10 ? number * 10 + (b - '0') : -1;
      }
      return;
    }
    switch (b) {
      case '"':
        startString();
        break;
      case ':':
        expectingKey = false;
        number = numberWanted() ? 0 : -1;
        break;
      case ',':
        endOfValue();
        expectingKey = inObject[Math.min(depth, MAX_DEPTH)];
        break;
      case '{':
      case '[':
        open(b == '{');
        break;
      case '}':
      case ']':
        close();
        break;
      case ' ':
      case '\t':
      case '\n':
      case '\r':
        break;
      default:
        // true, false, null, signs, fractions: not a token count.
        number = -1;
        break;
    }
  }

  private void startString() {
    number = -1;
    inString = true;
    textLength = 0;
    textOverflow = false;
    if (expectingKey && depth <= MAX_DEPTH && inObject[depth]) {
      // Keys are read only where a wanted one can be; others are skipped like any string.
      keyString = true;
      stringRole = keysWanted() ? 1 : 0;
    } else {
      keyString = false;
      stringRole = keepValue() ? 2 : 0;
    }
  }

  private void open(boolean object) {
    number = -1;
    depth++;
    if (depth <= MAX_DEPTH) {
      containerKey[depth] = (byte) currentKey;
      inObject[depth] = object;
    }
    expectingKey = object;
    currentKey = K_NONE;
  }

  private void close() {
    endOfValue();
    if (depth > 0) {
      depth--;
    }
    expectingKey = false;
    currentKey = K_NONE;
  }

  /** Whether the string value starting now is one the scanner keeps. */
  private boolean keepValue() {
    if (depth > MAX_DEPTH) {
      return false;
    }
    if (currentKey == K_MODEL && modelLength < 0) {
      // A Responses API event names it in its "response", a realtime client secret in its "session".
      return depth == 1 || (depth == 2 && (containerKey[2] == K_RESPONSE || containerKey[2] == K_SESSION));
    }
    if (currentKey == K_STATUS) {
      // The status of a Responses API or Realtime response ({"response":{"status":...}}).
      return depth == 2 && containerKey[2] == K_RESPONSE;
    }
    return currentKey == K_TYPE && depth == 1 && mode == SSE;
  }

  private boolean numberWanted() {
    if (depth > MAX_DEPTH || depth < 1) {
      return false;
    }
    switch (currentKey) {
      case K_INPUT:
      case K_OUTPUT:
        return isUsageObject(depth);
      case K_AUDIO:
      case K_TEXT:
        int parent = containerKey[depth];
        return (parent == K_INPUT_DETAILS || parent == K_OUTPUT_DETAILS) && isUsageObject(depth - 1);
      default:
        return false;
    }
  }

  /**
   * The response's own usage: top-level {@code usage}, or that of the {@code response} of a
   * Responses API or Realtime event; never a {@code usage} nested in content or elsewhere.
   */
  private boolean isUsageObject(int d) {
    return d >= 2 && containerKey[d] == K_USAGE && inObject[d - 1]
        && (d == 2 || (d == 3 && containerKey[2] == K_RESPONSE));
  }

  /** Keys matter at the top level and inside the usage, response, session and detail objects. */
  private boolean keysWanted() {
    if (depth == 1) {
      return true;
    }
    if (depth > MAX_DEPTH) {
      return false;
    }
    int container = containerKey[depth];
    return container == K_USAGE || container == K_RESPONSE || container == K_SESSION
        || container == K_INPUT_DETAILS || container == K_OUTPUT_DETAILS;
  }

  private void endOfString() {
    if (keyString && stringRole == 0) {
      currentKey = K_OTHER;
    } else if (stringRole == 1) {
      currentKey = textOverflow ? K_OTHER : classify(text, textLength);
    } else if (stringRole == 2 && !textOverflow) {
      if (currentKey == K_MODEL) {
        System.arraycopy(text, 0, model, 0, textLength);
        modelLength = textLength;
      } else if (currentKey == K_STATUS) {
        responseStatus = statusOf(text, textLength);
      } else if (currentKey == K_TYPE) {
        sawType = true;
        typeIsDelta = endsWith(text, textLength, DELTA_SUFFIX);
      }
    }
    stringRole = 0;
  }

  private void endOfValue() {
    if (number >= 0 && depth >= 1 && depth <= MAX_DEPTH) {
      long value = number;
      switch (currentKey) {
        case K_INPUT:
          inputTokens = value;
          break;
        case K_OUTPUT:
          outputTokens = value;
          break;
        case K_AUDIO:
          if (containerKey[depth] == K_INPUT_DETAILS) {
            inputAudioTokens = value;
          } else {
            outputAudioTokens = value;
          }
          break;
        case K_TEXT:
          if (containerKey[depth] == K_INPUT_DETAILS) {
            inputTextTokens = value;
          } else {
            outputTextTokens = value;
          }
          break;
        default:
          break;
      }
    }
    number = -1;
    currentKey = K_NONE;
  }

  private static int statusOf(byte[] value, int length) {
    for (int k = 1; k < STATUS_NAMES.length; k++) {
      if (equal(value, length, STATUS_NAMES[k])) {
        return k;
      }
    }
    return STATUS_UNKNOWN;
  }

  private static int classify(byte[] key, int length) {
    for (int k = 1; k < KEY_NAMES.length; k++) {
      if (KEY_NAMES[k] != null && equal(key, length, KEY_NAMES[k])) {
        return k;
      }
    }
    if (anyEqual(key, length, INPUT_KEYS)) {
      return K_INPUT;
    }
    if (anyEqual(key, length, OUTPUT_KEYS)) {
      return K_OUTPUT;
    }
    if (anyEqual(key, length, INPUT_DETAIL_KEYS)) {
      return K_INPUT_DETAILS;
    }
    if (anyEqual(key, length, OUTPUT_DETAIL_KEYS)) {
      return K_OUTPUT_DETAILS;
    }
    return K_OTHER;
  }

  private static boolean anyEqual(byte[] key, int length, byte[][] candidates) {
    for (byte[] candidate : candidates) {
      if (equal(key, length, candidate)) {
        return true;
      }
    }
    return false;
  }

  private static boolean equal(byte[] key, int length, byte[] name) {
    if (length != name.length) {
      return false;
    }
    for (int i = 0; i < length; i++) {
      if (key[i] != name[i]) {
        return false;
      }
    }
    return true;
  }

  private static boolean endsWith(byte[] value, int length, byte[] suffix) {
    if (length < suffix.length) {
      return false;
    }
    for (int i = 0; i < suffix.length; i++) {
      if (value[length - suffix.length + i] != suffix[i]) {
        return false;
      }
    }
    return true;
  }

  private static boolean regionMatches(String value, String prefix) {
    return value.regionMatches(true, 0, prefix, 0, prefix.length());
  }

  private static byte[] bytes(String s) {
    return s.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
  }
}
