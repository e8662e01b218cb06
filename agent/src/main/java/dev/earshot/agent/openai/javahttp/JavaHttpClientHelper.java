package dev.earshot.agent.openai.javahttp;

import dev.earshot.agent.bootstrap.AdviceErrors;
import dev.earshot.agent.openai.OpenAiCall;
import dev.earshot.agent.openai.OpenAiHosts;
import dev.earshot.agent.openai.OpenAiOperations;
import dev.earshot.agent.openai.RequestModelScanner;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Flow;

/** Adapts {@code java.net.http} requests and responses to {@link OpenAiCall}. */
public final class JavaHttpClientHelper {

  static final String MODULE = "java-http-client";

  private JavaHttpClientHelper() {}

  /** @return the metered handler, or null to leave the application's handler in place */
  public static HttpResponse.BodyHandler<?> meteredHandler(HttpRequest request, HttpResponse.BodyHandler<?> handler) {
    try {
      if (handler == null || handler instanceof MeteredBodyHandler) {
        return null;
      }
      URI uri = request.uri();
      boolean https = "https".equalsIgnoreCase(uri.getScheme());
      if (!OpenAiHosts.current().matches(uri.getHost(), uri.getPort(), https)) {
        return null;
      }
      int port = uri.getPort() > 0 ? uri.getPort() : https ? 443 : 80;
      OpenAiCall call = OpenAiCall.start(MODULE, OpenAiOperations.fromPath(request.method(), uri.getRawPath()), requestModel(request), uri.getHost(), port);
      return call == null ? null : new MeteredBodyHandler<>(handler, call, uri.getHost());
    } catch (Throwable t) {
      AdviceErrors.record(t, MODULE, "HttpClientImpl.sendAsync (start)");
      return null;
    }
  }

  /** A call that fails before any response (connection refused, timeout) ends here. */
  public static void sent(HttpResponse.BodyHandler<?> handler, CompletableFuture<?> future, Throwable error) {
    if (!(handler instanceof MeteredBodyHandler)) {
      return;
    }
    OpenAiCall call = ((MeteredBodyHandler<?>) handler).call;
    if (error != null) {
      call.failed(error);
    } else if (future != null) {
      // A dependent stage only: the future the application holds is untouched.
      future.whenComplete((response, failure) -> {
        if (failure != null) {
          call.failed(failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure);
        }
      });
    }
  }

  /**
   * The model of bodies the JDK holds in memory ({@code BodyPublishers.ofString/ofByteArray}):
   * those can be subscribed to again, and deliver synchronously. Other publishers (streams,
   * files) are never touched.
   */
  private static String requestModel(HttpRequest request) {
    Optional<HttpRequest.BodyPublisher> publisher = request.bodyPublisher();
    if (publisher.isEmpty()) {
      return null;
    }
    HttpRequest.BodyPublisher body = publisher.get();
    String type = body.getClass().getName();
    if (!type.equals("jdk.internal.net.http.RequestPublishers$ByteArrayPublisher")
        && !type.equals("jdk.internal.net.http.RequestPublishers$StringPublisher")) {
      return null;
    }
    long length = body.contentLength();
    if (length <= 0 || length > RequestModelScanner.MAX_SCANNED) {
      return null;
    }
    RequestModelScanner scanner = RequestModelScanner.forContentType(request.headers().firstValue("Content-Type").orElse("application/json"));
    if (scanner == null) {
      return null;
    }
    body.subscribe(new Flow.Subscriber<ByteBuffer>() {
      private Flow.Subscription subscription;

      @Override
      public void onSubscribe(Flow.Subscription s) {
        subscription = s;
        s.request(Long.MAX_VALUE);
      }

      @Override
      public void onNext(ByteBuffer item) {
        scanner.scan(item);
        if (scanner.done()) {
          subscription.cancel();
        }
      }

      @Override
      public void onError(Throwable throwable) {}

      @Override
      public void onComplete() {}
    });
    return scanner.model();
  }
}
