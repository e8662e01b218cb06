package dev.earshot.agent.openai;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * Finds {@code gen_ai.request.model} in a request body written to it: the top-level
 * {@code "model"} of a JSON body, or the {@code model} field of a multipart form (audio
 * transcriptions). Nothing else of the body is kept.
 *
 * <p>Used with request bodies the client can write more than once (the caller checks that): once
 * the model is found, or after {@link #MAX_SCANNED} bytes, {@link #write} throws {@link #ENOUGH}
 * so a large upload is not written to the end for nothing.
 */
public final class RequestModelScanner extends OutputStream {

  /** Bodies are scanned this far at most; a model named later stays unknown. */
  public static final int MAX_SCANNED = 1 << 20;

  /** Thrown by {@link #write} to stop the body's writer early; carries no stack trace. */
  public static final IOException ENOUGH = new IOException("earshot: request model scan complete") {
    private static final long serialVersionUID = 1L;

    @Override
    public synchronized Throwable fillInStackTrace() {
      return this;
    }
  };

  private static final byte[] FIELD = "name=\"model\"".getBytes(StandardCharsets.US_ASCII);
  private static final int VALUE_CAPACITY = 64;

  private final ResponseScanner json;
  private final boolean multipart;
  private int scanned;

  // multipart state: 0 = looking for the field, 1 = in its headers, 2 = reading its value, 3 = done
  private int state;
  private int matched;
  private int lineBreaks;
  private final byte[] value;
  private int valueLength;

  private RequestModelScanner(boolean multipart) {
    this.multipart = multipart;
    this.json = multipart ? null : new ResponseScanner(ResponseScanner.JSON, null);
    this.value = multipart ? new byte[VALUE_CAPACITY] : null;
  }

  /**
   * A scanner for a body of this content type, or null when the type carries no model (the caller
   * then skips writing the body).
   */
  public static RequestModelScanner forContentType(String contentType) {
    if (contentType == null) {
      return null;
    }
    String type = contentType.toLowerCase(java.util.Locale.ROOT);
    if (type.startsWith("multipart/form-data")) {
      return new RequestModelScanner(true);
    }
    return type.contains("json") ? new RequestModelScanner(false) : null;
  }

  /** The model of a body held in memory. */
  public static String modelOf(String contentType, byte[] body, int offset, int length) {
    RequestModelScanner scanner = forContentType(contentType);
    if (scanner == null) {
      return null;
    }
    scanner.scan(body, offset, Math.min(length, MAX_SCANNED));
    return scanner.model();
  }

  public String model() {
    if (multipart) {
      return state == 3 && valueLength > 0 ? new String(value, 0, valueLength, StandardCharsets.UTF_8) : null;
    }
    return json.model();
  }

  public boolean done() {
    return (multipart ? state == 3 : json.hasModel()) || scanned >= MAX_SCANNED;
  }

  public void scan(ByteBuffer buffer) {
    if (buffer.hasArray()) {
      scan(buffer.array(), buffer.arrayOffset() + buffer.position(), buffer.remaining());
    } else {
      for (int i = buffer.position(); i < buffer.limit() && !done(); i++) {
        scanByte(buffer.get(i));
      }
    }
  }

  public void scan(byte[] bytes, int offset, int length) {
    int n = Math.min(length, MAX_SCANNED - scanned);
    if (n <= 0 || done()) {
      return;
    }
    if (multipart) {
      for (int i = offset; i < offset + n && state != 3; i++) {
        multipartByte(bytes[i]);
      }
      scanned += n;
    } else {
      // In slices, to stop soon after the model: it is often first, before a long message list.
      for (int from = offset, end = offset + n; from < end && !json.hasModel(); from += 512) {
        int slice = Math.min(512, end - from);
        json.feed(bytes, from, slice);
        scanned += slice;
      }
    }
  }

  private void scanByte(byte b) {
    if (multipart) {
      multipartByte(b);
    } else {
      json.feed(b & 0xff);
    }
    scanned++;
  }

  private void multipartByte(byte b) {
    switch (state) {
      case 0:
        if (b == FIELD[matched]) {
          if (++matched == FIELD.length) {
            state = 1;
            lineBreaks = 0;
          }
        } else {
          matched = b == FIELD[0] ? 1 : 0;
        }
        break;
      case 1:
        // The value follows the blank line that ends the part's headers.
        if (b == '\n') {
          if (++lineBreaks == 2) {
            state = 2;
          }
        } else if (b != '\r') {
          lineBreaks = 0;
        }
        break;
      case 2:
        if (b == '\r' || b == '\n') {
          state = 3;
        } else if (valueLength < value.length) {
          value[valueLength++] = b;
        } else {
          valueLength = 0;
          state = 3;
        }
        break;
      default:
        break;
    }
  }

  @Override
  public void write(int b) throws IOException {
    scanByte((byte) b);
    if (done()) {
      throw ENOUGH;
    }
  }

  @Override
  public void write(byte[] bytes, int offset, int length) throws IOException {
    scan(bytes, offset, length);
    if (done()) {
      throw ENOUGH;
    }
  }
}
