package dev.earshot.sample.http;

import io.javalin.http.Context;

/**
 * Decides which client a request comes from, for per-client rate limiting.
 *
 * <p>By default this is the TCP peer address. {@code X-Forwarded-For} is ignored unless the
 * operator says a trusted reverse proxy sits in front ({@code --trust-forwarded}), because any
 * client can send that header and would otherwise get a fresh rate-limit bucket per request.
 * When trusted, the <em>right-most</em> entry is used: it is the one our single trusted proxy
 * appended, whereas entries to its left were supplied by the client and are spoofable.
 */
public final class ClientAddressResolver {

  static final String X_FORWARDED_FOR = "X-Forwarded-For";

  private final boolean trustForwardedFor;

  public ClientAddressResolver(boolean trustForwardedFor) {
    this.trustForwardedFor = trustForwardedFor;
  }

  public String clientAddress(Context ctx) {
    if (trustForwardedFor) {
      String forwarded = lastForwardedAddress(ctx.header(X_FORWARDED_FOR));
      if (forwarded != null) {
        return forwarded;
      }
    }
    return ctx.req().getRemoteAddr();
  }

  static String lastForwardedAddress(String headerValue) {
    if (headerValue == null) {
      return null;
    }
    String[] hops = headerValue.split(",");
    for (int i = hops.length - 1; i >= 0; i--) {
      String hop = hops[i].trim();
      if (!hop.isEmpty()) {
        return hop;
      }
    }
    return null;
  }
}
