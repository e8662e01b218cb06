package dev.earshot.agent.websocket;

import dev.earshot.agent.core.CardinalityLimit;
import java.util.BitSet;

/**
 * Bounds {@code websocket.close.code}: the codes RFC 6455 and the IANA registry define (1000 to
 * 1015) are reported as they are, and so are the first {@value #MAX_APPLICATION_CODES} distinct
 * registered or private codes (3000 to 4999) a process sees; anything else is reported as 0 (an
 * application code refused because the first ones took every place is counted once in
 * {@code earshot.agent.cardinality.overflows}).
 */
final class CloseCodes {

  /** No close frame before the connection ended (RFC 6455 7.1.5: "abnormal closure"). */
  static final int ABNORMAL = 1006;
  static final int NORMAL = 1000;
  static final int GOING_AWAY = 1001;
  static final int OTHER = 0;

  private static final int STANDARD_FIRST = 1000;
  private static final int STANDARD_LAST = 1015;
  static final int MAX_APPLICATION_CODES = 20;
  /** Slot 0: OTHER; 1..16: 1000..1015; then one per application code in order of appearance. */
  static final int SLOTS = 1 + (STANDARD_LAST - STANDARD_FIRST + 1) + MAX_APPLICATION_CODES;

  private static final int[] applicationCodes = new int[MAX_APPLICATION_CODES];
  private static int applicationCount;
  private static final BitSet refused = new BitSet(2000);

  private CloseCodes() {}

  static int slot(int code) {
    if (code >= STANDARD_FIRST && code <= STANDARD_LAST) {
      return 1 + code - STANDARD_FIRST;
    }
    if (code < 3000 || code > 4999) {
      return 0;
    }
    synchronized (applicationCodes) {
      for (int i = 0; i < applicationCount; i++) {
        if (applicationCodes[i] == code) {
          return 1 + (STANDARD_LAST - STANDARD_FIRST + 1) + i;
        }
      }
      if (applicationCount == MAX_APPLICATION_CODES) {
        if (!refused.get(code - 3000)) {
          refused.set(code - 3000);
          CardinalityLimit.WEBSOCKET_CLOSE_CODE.overflowed();
        }
        return 0;
      }
      applicationCodes[applicationCount] = code;
      return 1 + (STANDARD_LAST - STANDARD_FIRST + 1) + applicationCount++;
    }
  }

  static long reported(int code) {
    return slot(code) == 0 ? OTHER : code;
  }
}
