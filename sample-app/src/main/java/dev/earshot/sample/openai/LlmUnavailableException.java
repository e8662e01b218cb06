package dev.earshot.sample.openai;

import com.openai.core.http.Headers;
import com.openai.errors.OpenAIException;
import com.openai.errors.OpenAIInvalidDataException;
import com.openai.errors.OpenAIIoException;
import com.openai.errors.OpenAIServiceException;
import com.openai.errors.RateLimitException;
import java.io.InterruptedIOException;
import java.util.List;

/**
 * A failed call to the language model, already translated into what the assistant's client should
 * see: a status and a fixed message, never the SDK's message (an OpenAI error text can quote a
 * masked API key) and never the key.
 *
 * <ul>
 *   <li>429 from OpenAI (after the SDK's own retries): 429, with {@code Retry-After} from
 *       OpenAI's {@code retry-after} / {@code retry-after-ms} (at least 1 s).
 *   <li>A timeout (the SDK's call, read or connect timeout): 504.
 *   <li>Anything else (connection failure, 401/403/404/400 from OpenAI, 5xx, an unparseable
 *       answer): 502.
 * </ul>
 *
 * <p>Like {@code RateLimitExceededException}, an expected outcome: it carries no stack trace.
 */
public final class LlmUnavailableException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final int status;
  private final long retryAfterSeconds;
  private final String upstream;

  private LlmUnavailableException(int status, String message, long retryAfterSeconds, String upstream) {
    super(message, null, false, false);
    this.status = status;
    this.retryAfterSeconds = retryAfterSeconds;
    this.upstream = upstream;
  }

  /** Translates an SDK failure. */
  public static LlmUnavailableException from(OpenAIException e) {
    if (e instanceof RateLimitException rateLimited) {
      return new LlmUnavailableException(
          429, "The language model is rate limited; try again later", retryAfterSeconds(rateLimited.headers()),
          "HTTP 429");
    }
    if (e instanceof OpenAIServiceException service) {
      return new LlmUnavailableException(
          502, "The language model answered with an error (HTTP " + service.statusCode() + ")", 0,
          "HTTP " + service.statusCode());
    }
    if (e instanceof OpenAIIoException && causedByTimeout(e)) {
      return new LlmUnavailableException(504, "The language model did not answer in time", 0, "timeout");
    }
    if (e instanceof OpenAIIoException) {
      return new LlmUnavailableException(502, "The language model could not be reached", 0, "I/O failure");
    }
    if (e instanceof OpenAIInvalidDataException) {
      return new LlmUnavailableException(502, "The language model sent an answer that could not be read", 0,
          "invalid data");
    }
    return new LlmUnavailableException(502, "The language model call failed", 0, e.getClass().getSimpleName());
  }

  public int status() {
    return status;
  }

  /** Seconds for a {@code Retry-After} header; 0 when there should be none. */
  public long retryAfterSeconds() {
    return retryAfterSeconds;
  }

  /** A short, secret-free description of the upstream failure for the log, e.g. {@code HTTP 500}. */
  public String upstream() {
    return upstream;
  }

  private static boolean causedByTimeout(Throwable e) {
    for (Throwable cause = e; cause != null; cause = cause.getCause()) {
      if (cause instanceof InterruptedIOException) { // includes SocketTimeoutException
        return true;
      }
    }
    return false;
  }

  private static long retryAfterSeconds(Headers headers) {
    List<String> millis = headers.values("retry-after-ms");
    if (!millis.isEmpty()) {
      try {
        return Math.max(1, (long) Math.ceil(Double.parseDouble(millis.get(0).trim()) / 1000));
      } catch (NumberFormatException e) {
        // fall through to retry-after
      }
    }
    List<String> seconds = headers.values("retry-after");
    if (!seconds.isEmpty()) {
      try {
        return Math.max(1, (long) Math.ceil(Double.parseDouble(seconds.get(0).trim())));
      } catch (NumberFormatException e) {
        // an HTTP date; fall through
      }
    }
    return 1;
  }
}
