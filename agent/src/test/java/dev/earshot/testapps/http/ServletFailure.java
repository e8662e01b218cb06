package dev.earshot.testapps.http;

/** The exception the test servlets throw on purpose; its class name is the expected {@code error.type}. */
public final class ServletFailure extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public ServletFailure(String message) {
    super(message);
  }
}
