package dev.earshot.agent.openai.sdk;

import dev.earshot.agent.core.InstrumentationModule;
import dev.earshot.agent.core.TypeInstrumentation;
import java.util.List;

/**
 * The official OpenAI Java SDK ({@code com.openai:openai-java}, 3.x and 4.x): every call of the
 * client, whatever the service, measured at the SDK's retrying HTTP client (one logical call,
 * covering its retries), and every attempt at its OkHttp transport (rate-limit headroom, 429s,
 * retries).
 */
public final class OpenAiSdkModule extends InstrumentationModule {

  public OpenAiSdkModule() {
    super("openai-java", "com.openai.core.http.RetryingHttpClient");
  }

  @Override
  public List<TypeInstrumentation> typeInstrumentations() {
    return List.of(new RetryingHttpClientInstrumentation(), new OkHttpTransportInstrumentation());
  }
}
