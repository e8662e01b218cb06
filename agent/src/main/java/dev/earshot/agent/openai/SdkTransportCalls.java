package dev.earshot.agent.openai;

import java.util.Collections;
import java.util.Map;
import java.util.WeakHashMap;

/**
 * The OkHttp calls the official SDK's transport created, so that the OkHttp instrumentation leaves
 * them to the SDK's even when the SDK sends no {@code X-Stainless-*} headers (its telemetry
 * headers switched off). Held weakly: a call is forgotten once OkHttp and the SDK drop it.
 */
public final class SdkTransportCalls {

  private static final Map<Object, Boolean> calls = Collections.synchronizedMap(new WeakHashMap<>());

  private SdkTransportCalls() {}

  public static void mark(Object okHttpCall) {
    if (okHttpCall != null) {
      calls.put(okHttpCall, Boolean.TRUE);
    }
  }

  public static boolean isMarked(Object okHttpCall) {
    return !calls.isEmpty() && calls.containsKey(okHttpCall);
  }
}
