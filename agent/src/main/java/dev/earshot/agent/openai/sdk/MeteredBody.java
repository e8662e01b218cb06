package dev.earshot.agent.openai.sdk;

import dev.earshot.agent.openai.OpenAiCall;
import java.io.IOException;
import java.io.InputStream;

/**
 * A response body stream that shows every byte it returns to the call's scanner. Reads, their
 * sizes and timing, exceptions and close are the underlying stream's.
 */
class MeteredBody extends InputStream {

  final InputStream in;
  final OpenAiCall call;

  MeteredBody(InputStream in, OpenAiCall call) {
    this.in = in;
    this.call = call;
  }

  @Override
  public int read() throws IOException {
    int b;
    try {
      b = in.read();
    } catch (IOException | RuntimeException e) {
      call.failed(e);
      throw e;
    }
    if (b < 0) {
      call.end();
    } else {
      call.body(b);
    }
    return b;
  }

  @Override
  public int read(byte[] bytes, int offset, int length) throws IOException {
    int n;
    try {
      n = in.read(bytes, offset, length);
    } catch (IOException | RuntimeException e) {
      call.failed(e);
      throw e;
    }
    if (n < 0) {
      call.end();
    } else {
      call.body(bytes, offset, n);
    }
    return n;
  }

  @Override
  public long skip(long n) throws IOException {
    return in.skip(n);
  }

  @Override
  public int available() throws IOException {
    return in.available();
  }

  @Override
  public void close() throws IOException {
    try {
      in.close();
    } finally {
      call.end();
    }
  }

  @Override
  public String toString() {
    return in.toString();
  }
}
