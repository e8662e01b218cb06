package dev.earshot.agent.openai.sdk;

import com.openai.core.http.Headers;
import com.openai.core.http.HttpResponse;
import dev.earshot.agent.openai.OpenAiCall;
import java.io.InputStream;
import java.util.Optional;

/** The SDK's response, unchanged but for a body stream that passes its bytes by the call's scanner. */
final class MeteredHttpResponse implements HttpResponse {

  private final HttpResponse delegate;
  private final OpenAiCall call;

  MeteredHttpResponse(HttpResponse delegate, OpenAiCall call) {
    this.delegate = delegate;
    this.call = call;
  }

  @Override
  public int statusCode() {
    return delegate.statusCode();
  }

  @Override
  public Headers headers() {
    return delegate.headers();
  }

  @Override
  public Optional<String> requestId() {
    return delegate.requestId();
  }

  @Override
  public InputStream body() {
    return OpenAiSdkHelper.meteredBody(delegate.body(), call);
  }

  @Override
  public void close() {
    try {
      delegate.close();
    } finally {
      call.end();
    }
  }

  @Override
  public String toString() {
    return delegate.toString();
  }
}
