package dev.earshot.sample.http;

import io.javalin.http.HttpStatus;

/**
 * JSON body of every error response, e.g.
 * {@code {"status":404,"error":"Not Found","message":"Session not found"}}.
 *
 * <p>{@code message} is always written by this app or by Javalin for client errors; for server
 * errors it is a fixed text, never an exception message or stack trace.
 */
public record ApiError(int status, String error, String message) {

  static final String INTERNAL_ERROR_MESSAGE = "An unexpected error occurred";

  public static ApiError of(int status, String message) {
    String reason = reasonPhrase(status);
    return new ApiError(status, reason, message == null || message.isBlank() ? reason : message);
  }

  public static ApiError internalServerError() {
    // Javalin calls 500 "Server Error"; use the standard reason phrase in our own body.
    return new ApiError(500, "Internal Server Error", INTERNAL_ERROR_MESSAGE);
  }

  private static String reasonPhrase(int status) {
    HttpStatus known = HttpStatus.forStatus(status);
    return known == HttpStatus.UNKNOWN ? "HTTP " + status : known.getMessage();
  }
}
