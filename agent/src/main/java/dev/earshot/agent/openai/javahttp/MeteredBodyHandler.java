package dev.earshot.agent.openai.javahttp;

import dev.earshot.agent.bootstrap.AdviceErrors;
import dev.earshot.agent.openai.GenAiMetrics;
import dev.earshot.agent.openai.OpenAiCall;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;

/**
 * The application's body handler, whose subscriber gets every buffer after the call's scanner has
 * looked at it (without moving it), and whose cancellation (a stream closed early) ends the call.
 */
final class MeteredBodyHandler<T> implements HttpResponse.BodyHandler<T> {

  private final HttpResponse.BodyHandler<T> delegate;
  final OpenAiCall call;
  private final String host;

  MeteredBodyHandler(HttpResponse.BodyHandler<T> delegate, OpenAiCall call, String host) {
    this.delegate = delegate;
    this.call = call;
    this.host = host;
  }

  @Override
  public HttpResponse.BodySubscriber<T> apply(HttpResponse.ResponseInfo info) {
    HttpResponse.BodySubscriber<T> subscriber;
    try {
      subscriber = delegate.apply(info);
    } catch (RuntimeException | Error e) {
      call.failed(e);
      throw e;
    }
    try {
      GenAiMetrics.attempt(call.operation(), call.requestModel(), host, info.statusCode(),
          info.headers().firstValue("x-ratelimit-remaining-requests").orElse(null),
          info.headers().firstValue("x-ratelimit-remaining-tokens").orElse(null), false);
      if (!call.response(info.statusCode(), info.headers().firstValue("Content-Type").orElse(null)) || subscriber == null) {
        return subscriber;
      }
      return new MeteredSubscriber<>(subscriber, call);
    } catch (Throwable t) {
      AdviceErrors.record(t, JavaHttpClientHelper.MODULE, "BodyHandler.apply");
      return subscriber;
    }
  }

  private static final class MeteredSubscriber<T> implements HttpResponse.BodySubscriber<T> {
    private final HttpResponse.BodySubscriber<T> delegate;
    private final OpenAiCall call;

    MeteredSubscriber(HttpResponse.BodySubscriber<T> delegate, OpenAiCall call) {
      this.delegate = delegate;
      this.call = call;
    }

    @Override
    public CompletionStage<T> getBody() {
      return delegate.getBody();
    }

    @Override
    public void onSubscribe(Flow.Subscription subscription) {
      delegate.onSubscribe(new Flow.Subscription() {
        @Override
        public void request(long n) {
          subscription.request(n);
        }

        @Override
        public void cancel() {
          try {
            subscription.cancel();
          } finally {
            call.end();
          }
        }
      });
    }

    @Override
    public void onNext(List<ByteBuffer> items) {
      if (call.scansBody()) {
        for (int i = 0; i < items.size(); i++) {
          call.body(items.get(i));
        }
      }
      delegate.onNext(items);
    }

    @Override
    public void onError(Throwable throwable) {
      call.failed(throwable);
      delegate.onError(throwable);
    }

    @Override
    public void onComplete() {
      call.end();
      delegate.onComplete();
    }
  }
}
