package dev.earshot.agent.http;

/**
 * The HTTP methods semantic conventions know; any other is reported as {@code _OTHER}, so a client
 * cannot create label values by inventing methods.
 */
final class HttpMethods {

  static final String[] NAMES = {"GET", "HEAD", "POST", "PUT", "DELETE", "CONNECT", "OPTIONS", "TRACE", "PATCH", "_OTHER"};
  static final int OTHER = NAMES.length - 1;

  private HttpMethods() {}

  static int index(String method) {
    if (method == null) {
      return OTHER;
    }
    switch (method) {
      case "GET": return 0;
      case "HEAD": return 1;
      case "POST": return 2;
      case "PUT": return 3;
      case "DELETE": return 4;
      case "CONNECT": return 5;
      case "OPTIONS": return 6;
      case "TRACE": return 7;
      case "PATCH": return 8;
      default: return OTHER;
    }
  }
}
