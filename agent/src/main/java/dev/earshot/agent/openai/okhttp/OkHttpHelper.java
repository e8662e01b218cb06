package dev.earshot.agent.openai.okhttp;

import dev.earshot.agent.bootstrap.AdviceErrors;
import dev.earshot.agent.openai.GenAiMetrics;
import dev.earshot.agent.openai.OpenAiCall;
import dev.earshot.agent.openai.OpenAiHosts;
import dev.earshot.agent.openai.OpenAiOperations;
import dev.earshot.agent.openai.RequestModelScanner;
import dev.earshot.agent.openai.SdkTransportCalls;
import okhttp3.Call;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okhttp3.ResponseBody;
import okio.BufferedSink;
import okio.Okio;

/**
 * Adapts OkHttp requests and responses to {@link OpenAiCall}. Every OkHttp call of the application
 * passes here; one that is not for an OpenAI host costs a host lookup.
 */
public final class OkHttpHelper {

  private static final String MODULE = "okhttp";
  /**
   * Sent by the official SDK on every request unless its telemetry headers are switched off; then
   * {@link SdkTransportCalls} knows the SDK's calls.
   */
  private static final String SDK_HEADER = "X-Stainless-Lang";

  private OkHttpHelper() {}

  /** @return an {@link OpenAiCall}, or null when the call is not measured here */
  public static Object callStarted(Call call) {
    try {
      Request request = call.request();
      HttpUrl url = request.url();
      // The host check first: it is all that the application's other calls pay.
      if (!OpenAiHosts.current().matches(url.host(), url.port(), url.isHttps())
          || request.header(SDK_HEADER) != null || SdkTransportCalls.isMarked(call)) {
        return null;
      }
      return OpenAiCall.start(MODULE,
          OpenAiOperations.fromPath(request.method(), url.encodedPath()), requestModel(request.body()), url.host(), url.port());
    } catch (Throwable t) {
      AdviceErrors.record(t, MODULE, "RealCall (start)");
      return null;
    }
  }

  /** @return the response the application gets: a metered copy, or null to leave it as it is */
  public static Response callReturned(Object openAiCall, Response response, Throwable error) {
    if (openAiCall == null) {
      return null;
    }
    try {
      OpenAiCall call = (OpenAiCall) openAiCall;
      if (error != null || response == null) {
        call.failed(error);
        return null;
      }
      GenAiMetrics.attempt(call.operation(), call.requestModel(), response.request().url().host(), response.code(),
          response.header("x-ratelimit-remaining-requests"), response.header("x-ratelimit-remaining-tokens"), false);
      ResponseBody body = response.body();
      if (!call.response(response.code(), response.header("Content-Type")) || body == null) {
        if (body == null) {
          call.end();
        }
        return null;
      }
      return response.newBuilder().body(new MeteredResponseBody(body, call)).build();
    } catch (Throwable t) {
      AdviceErrors.record(t, MODULE, "RealCall (end)");
      return null;
    }
  }

  private static String requestModel(RequestBody body) {
    if (body == null || body.isOneShot() || body.isDuplex()) {
      return null;
    }
    MediaType type = body.contentType();
    RequestModelScanner scanner = RequestModelScanner.forContentType(type == null ? null : type.toString());
    if (scanner == null) {
      return null;
    }
    try {
      BufferedSink sink = Okio.buffer(Okio.sink(scanner));
      body.writeTo(sink);
      sink.flush();
    } catch (Exception e) {
      // RequestModelScanner.ENOUGH: found early. Anything else: OkHttp meets it again when it sends.
    }
    return scanner.model();
  }
}
