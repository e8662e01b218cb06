package dev.earshot.agent.openai.sdk;

import com.openai.core.http.HttpRequest;
import com.openai.core.http.HttpRequestBody;
import com.openai.core.http.HttpResponse;
import dev.earshot.agent.bootstrap.AdviceErrors;
import dev.earshot.agent.openai.GenAiMetrics;
import dev.earshot.agent.openai.OpenAiCall;
import dev.earshot.agent.openai.OpenAiOperations;
import dev.earshot.agent.openai.RequestModelScanner;
import dev.earshot.agent.openai.SdkTransportCalls;
import java.io.InputStream;
import java.net.URI;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * Adapts the SDK's requests and responses to {@link OpenAiCall}. Every method catches what it
 * throws: an advice that hands back a replacement must never hand back nothing.
 */
public final class OpenAiSdkHelper {

  private static final String MODULE = "openai-java";
  private static final String RETRY_COUNT_HEADER = "X-Stainless-Retry-Count";

  /** The SDK's body stream type that wants to hear when a stream's last event was read (4.x). */
  private static final Class<?> COMPLETION_LISTENER = completionListener();

  /** Last base URL seen and its host and port: clients are configured once, so one entry serves. */
  private static volatile Server lastServer;

  /** The request model of the last few request bodies, so that each attempt does not scan again. */
  private static final ModelMemo models = new ModelMemo();

  private OpenAiSdkHelper() {}

  /** @return an {@link OpenAiCall}, or null */
  public static Object callStarted(HttpRequest request) {
    try {
      Server server = server(request.baseUrl());
      return OpenAiCall.start(MODULE,
          OpenAiOperations.fromSegments(request.method().name(), request.pathSegments()),
          requestModel(request.body()), server.host, server.port);
    } catch (Throwable t) {
      AdviceErrors.record(t, MODULE, "RetryingHttpClient.execute (start)");
      return null;
    }
  }

  public static HttpResponse callReturned(Object call, HttpResponse response, Throwable error) {
    try {
      if (call == null) {
        return response;
      }
      OpenAiCall c = (OpenAiCall) call;
      if (error != null) {
        c.failed(error);
        return response;
      }
      return metered(c, response);
    } catch (Throwable t) {
      AdviceErrors.record(t, MODULE, "RetryingHttpClient.execute (end)");
      return response;
    }
  }

  /**
   * The future the application's call chain sees completes with the metered response, with the
   * very throwable of the original otherwise; cancelling it cancels the original.
   */
  public static CompletableFuture<HttpResponse> asyncCallReturned(Object call, CompletableFuture<HttpResponse> future, Throwable error) {
    try {
      if (call == null || future == null) {
        return future;
      }
      OpenAiCall c = (OpenAiCall) call;
      if (error != null) {
        c.failed(error);
        return future;
      }
      CompletableFuture<HttpResponse> metered = new CompletableFuture<>();
      future.whenComplete((response, failure) -> {
        if (failure != null) {
          try {
            c.failed(unwrap(failure));
          } catch (Throwable t) {
            AdviceErrors.record(t, MODULE, "RetryingHttpClient.executeAsync (failure)");
          }
          metered.completeExceptionally(failure);
          return;
        }
        HttpResponse delivered = response;
        try {
          delivered = metered(c, response);
        } catch (Throwable t) {
          AdviceErrors.record(t, MODULE, "RetryingHttpClient.executeAsync (end)");
        }
        if (!metered.complete(delivered) && response != null) {
          // Cancelled meanwhile: nobody will read it, as without the agent.
          response.close();
        }
      });
      metered.whenComplete((response, failure) -> {
        if (metered.isCancelled()) {
          future.cancel(true);
        }
      });
      return metered;
    } catch (Throwable t) {
      AdviceErrors.record(t, MODULE, "RetryingHttpClient.executeAsync (end)");
      return future;
    }
  }

  public static void attemptEnded(HttpRequest request, HttpResponse response, Throwable error) {
    try {
      int status = response != null && error == null ? response.statusCode() : -1;
      String remainingRequests = response != null ? first(response.headers().values("x-ratelimit-remaining-requests")) : null;
      String remainingTokens = response != null ? first(response.headers().values("x-ratelimit-remaining-tokens")) : null;
      String retryCount = first(request.headers().values(RETRY_COUNT_HEADER));
      boolean retry = retryCount != null && !retryCount.equals("0");
      if (status != 429 && !retry && remainingRequests == null && remainingTokens == null) {
        return;
      }
      GenAiMetrics.attempt(
          OpenAiOperations.fromSegments(request.method().name(), request.pathSegments()),
          requestModel(request.body()), server(request.baseUrl()).host, status, remainingRequests, remainingTokens, retry);
    } catch (Throwable t) {
      AdviceErrors.record(t, MODULE, "OkHttpClient.execute (attempt)");
    }
  }

  public static void transportCallCreated(Object okHttpCall) {
    SdkTransportCalls.mark(okHttpCall);
  }

  public static void asyncAttemptReturned(HttpRequest request, CompletableFuture<HttpResponse> future, Throwable error) {
    if (future == null || error != null) {
      return;
    }
    // A dependent stage only: the future the SDK holds is untouched.
    future.whenComplete((response, failure) -> attemptEnded(request, response, failure));
  }

  private static HttpResponse metered(OpenAiCall call, HttpResponse response) {
    if (response == null) {
      call.end();
      return null;
    }
    if (!call.response(response.statusCode(), first(response.headers().values("Content-Type")))) {
      return response;
    }
    return new MeteredHttpResponse(response, call);
  }

  static InputStream meteredBody(InputStream body, OpenAiCall call) {
    if (COMPLETION_LISTENER != null && COMPLETION_LISTENER.isInstance(body)) {
      return CompletionAwareMeteredBody.create(body, call);
    }
    return new MeteredBody(body, call);
  }

  private static String requestModel(HttpRequestBody body) {
    if (body == null || !body.repeatable()) {
      return null;
    }
    String known = models.get(body);
    if (known != null) {
      return known.isEmpty() ? null : known;
    }
    RequestModelScanner scanner = RequestModelScanner.forContentType(body.contentType());
    String model = null;
    if (scanner != null) {
      try {
        body.writeTo(scanner);
      } catch (Exception e) {
        // RequestModelScanner.ENOUGH: found early. Anything else: the SDK meets it again when it sends.
      }
      model = scanner.model();
    }
    models.put(body, model == null ? "" : model);
    return model;
  }

  private static Server server(String baseUrl) {
    Server last = lastServer;
    if (last != null && last.baseUrl.equals(baseUrl)) {
      return last;
    }
    Server server = new Server(baseUrl);
    lastServer = server;
    return server;
  }

  private static String first(List<String> values) {
    return values == null || values.isEmpty() ? null : values.get(0);
  }

  private static Throwable unwrap(Throwable failure) {
    return failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
  }

  private static Class<?> completionListener() {
    try {
      return Class.forName("com.openai.core.http.StreamCompletionListener", false, HttpResponse.class.getClassLoader());
    } catch (Throwable t) {
      return null;
    }
  }

  private static final class Server {
    final String baseUrl;
    final String host;
    final int port;

    Server(String baseUrl) {
      this.baseUrl = baseUrl;
      String h = null;
      int p = -1;
      try {
        URI uri = URI.create(baseUrl);
        h = uri.getHost();
        p = uri.getPort() > 0 ? uri.getPort() : "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
      } catch (RuntimeException e) {
        // Left unknown; the SDK reports the bad URL itself.
      }
      this.host = h;
      this.port = p;
    }
  }

  /** A few request bodies and their models, by identity; racy by design (a miss only costs a scan). */
  private static final class ModelMemo {
    private static final int SIZE = 16;
    private final Object[] bodies = new Object[SIZE];
    private final String[] models = new String[SIZE];
    private int next;

    synchronized String get(Object body) {
      for (int i = 0; i < SIZE; i++) {
        if (bodies[i] == body) {
          return models[i];
        }
      }
      return null;
    }

    synchronized void put(Object body, String model) {
      bodies[next] = body;
      models[next] = model;
      next = (next + 1) % SIZE;
    }
  }
}
