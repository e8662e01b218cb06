package dev.earshot.agent.openai.okhttp;

import dev.earshot.agent.openai.OpenAiCall;
import java.io.IOException;
import okio.Buffer;
import okio.BufferedSource;
import okio.ForwardingSource;
import okio.Okio;
import okhttp3.MediaType;
import okhttp3.ResponseBody;

/**
 * The response body the application reads, unchanged but for a source that shows each byte it
 * returns to the call's scanner. Reads, timing, exceptions and close are the original body's.
 */
final class MeteredResponseBody extends ResponseBody {

  private final ResponseBody delegate;
  private final OpenAiCall call;
  private BufferedSource source;

  MeteredResponseBody(ResponseBody delegate, OpenAiCall call) {
    this.delegate = delegate;
    this.call = call;
  }

  @Override
  public MediaType contentType() {
    return delegate.contentType();
  }

  @Override
  public long contentLength() {
    return delegate.contentLength();
  }

  @Override
  public synchronized BufferedSource source() {
    if (source == null) {
      source = Okio.buffer(new MeteredSource(delegate.source(), call));
    }
    return source;
  }

  private static final class MeteredSource extends ForwardingSource {
    private final OpenAiCall call;
    private final Buffer.UnsafeCursor cursor = new Buffer.UnsafeCursor();

    MeteredSource(okio.Source delegate, OpenAiCall call) {
      super(delegate);
      this.call = call;
    }

    @Override
    public long read(Buffer sink, long byteCount) throws IOException {
      long before = sink.size();
      long n;
      try {
        n = super.read(sink, byteCount);
      } catch (IOException | RuntimeException e) {
        call.failed(e);
        throw e;
      }
      if (n < 0) {
        call.end();
      } else if (n > 0 && call.scansBody()) {
        scan(sink, before, n);
      }
      return n;
    }

    /** The n bytes just appended to the buffer, segment by segment, without copying. */
    private void scan(Buffer buffer, long from, long n) {
      buffer.readUnsafe(cursor);
      try {
        long remaining = n;
        int available = cursor.seek(from);
        while (remaining > 0 && available > 0) {
          int take = (int) Math.min(remaining, cursor.end - cursor.start);
          call.body(cursor.data, cursor.start, take);
          remaining -= take;
          available = cursor.next();
        }
      } finally {
        cursor.close();
      }
    }

    @Override
    public void close() throws IOException {
      try {
        super.close();
      } finally {
        call.end();
      }
    }
  }
}
