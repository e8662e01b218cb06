package dev.earshot.agent.openai;

import dev.earshot.agent.core.SelfErrors;
import io.opentelemetry.api.common.Attributes;
import java.nio.ByteBuffer;
import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;

/**
 * One logical OpenAI call, from the moment the client issues it to the end of its response body.
 * Client instrumentations create it, hand it the response's status and body bytes as the
 * application reads them, and end it; it records the {@code gen_ai.client.*} metrics exactly once.
 *
 * <p>The call ends at the first of: an error status (recorded at once, typed by the status), a
 * failure (typed by the exception class), the end of the body, or the application closing the
 * body early (a stream it abandons: duration and the chunks it read, no token usage unless the
 * usage had already arrived).
 */
public final class OpenAiCall implements ResponseScanner.ChunkListener {

  private static final AtomicIntegerFieldUpdater<OpenAiCall> ENDED =
      AtomicIntegerFieldUpdater.newUpdater(OpenAiCall.class, "ended");

  private final String instrumentation;
  private final GenAiMetrics.Instruments instruments;
  private final long startNanos;
  private final String operation;
  private final String requestModel;
  private final String serverAddress;
  private final int serverPort;

  private ResponseScanner scanner;
  private long previousChunkNanos;
  private Attributes chunkAttributes;
  private volatile int ended;

  private OpenAiCall(String instrumentation, GenAiMetrics.Instruments instruments, long startNanos, String operation, String requestModel,
      String serverAddress, int serverPort) {
    this.instrumentation = instrumentation;
    this.instruments = instruments;
    this.startNanos = startNanos;
    this.operation = operation;
    this.requestModel = ModelNames.bounded(requestModel);
    this.serverAddress = serverAddress;
    this.serverPort = serverPort;
  }

  /**
   * A call starts now.
   *
   * @return the call, to be given the response, its body and its end
   */
  public static OpenAiCall start(String instrumentation, String operation, String requestModel, String serverAddress, int serverPort) {
    return new OpenAiCall(instrumentation, GenAiMetrics.instruments(), System.nanoTime(), operation, requestModel, serverAddress, serverPort);
  }

  public String operation() {
    return operation;
  }

  public String requestModel() {
    return requestModel;
  }

  /**
   * The response's status line and content type arrived.
   *
   * @return whether its body is worth reading through {@link #body} (a successful response whose
   *     end will end the call); false when the call already ended (error status)
   */
  public boolean response(int status, String contentType) {
    if (status >= 400) {
      end(GenAiMetrics.statusErrorType(status));
      return false;
    }
    try {
      scanner = new ResponseScanner(ResponseScanner.modeOf(contentType), this);
    } catch (Throwable t) {
      abandonScan(t);
    }
    return ended == 0;
  }

  /** Whether the body's bytes are scanned (JSON or server-sent events). */
  public boolean scansBody() {
    ResponseScanner s = scanner;
    return s != null && s.mode() != ResponseScanner.OPAQUE && ended == 0;
  }

  public void body(byte[] bytes, int offset, int length) {
    ResponseScanner s = scanner;
    if (s != null && length > 0 && ended == 0) {
      try {
        s.feed(bytes, offset, length);
      } catch (Throwable t) {
        abandonScan(t);
      }
    }
  }

  /** Bytes between the buffer's position and limit; the buffer is left as it is. */
  public void body(ByteBuffer buffer) {
    ResponseScanner s = scanner;
    if (s != null && ended == 0) {
      try {
        s.feed(buffer);
      } catch (Throwable t) {
        abandonScan(t);
      }
    }
  }

  public void body(int singleByte) {
    ResponseScanner s = scanner;
    if (s != null && ended == 0) {
      try {
        s.feed(singleByte);
      } catch (Throwable t) {
        abandonScan(t);
      }
    }
  }

  /** The body ended, or the application closed it. */
  public void end() {
    end(null);
  }

  /** The call failed: no response, or its body broke off. */
  public void failed(Throwable error) {
    end(error == null ? "_OTHER" : error.getClass().getName());
  }

  @Override
  public void onChunk(long nowNanos) {
    if (ended != 0) {
      return;
    }
    try {
      recordChunk(nowNanos);
    } catch (Throwable t) {
      SelfErrors.record(t, instrumentation, "recording an OpenAI chunk");
    }
  }

  private void recordChunk(long nowNanos) {
    if (chunkAttributes == null) {
      chunkAttributes = GenAiMetrics.attributesOf(operation, requestModel, ModelNames.bounded(scanner.model()), serverAddress, serverPort, null).call;
      instruments.timeToFirstChunk.record((nowNanos - startNanos) / 1e9, chunkAttributes);
    } else {
      instruments.timePerOutputChunk.record((nowNanos - previousChunkNanos) / 1e9, chunkAttributes);
    }
    previousChunkNanos = nowNanos;
  }

  /** A scanner fault costs this call's body metrics, never the application's read. */
  private void abandonScan(Throwable t) {
    scanner = null;
    SelfErrors.record(t, instrumentation, "scanning an OpenAI response");
  }

  private void end(String errorType) {
    if (!ENDED.compareAndSet(this, 0, 1)) {
      return;
    }
    try {
      record(errorType);
    } catch (Throwable t) {
      SelfErrors.record(t, instrumentation, "recording an OpenAI call");
    }
  }

  private void record(String errorType) {
    double seconds = (System.nanoTime() - startNanos) / 1e9;
    ResponseScanner s = scanner;
    String responseModel = s == null ? null : ModelNames.bounded(s.model());
    GenAiMetrics.CallAttributes attributes = GenAiMetrics.attributesOf(operation, requestModel, responseModel, serverAddress, serverPort, errorType);
    instruments.duration.record(seconds, attributes.call);
    if (errorType == null && s != null && (s.inputTokens >= 0 || s.outputTokens >= 0)) {
      GenAiMetrics.recordTokens(instruments, s, attributes);
    }
  }
}
