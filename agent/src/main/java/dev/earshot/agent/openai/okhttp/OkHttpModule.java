package dev.earshot.agent.openai.okhttp;

import dev.earshot.agent.core.InstrumentationModule;
import dev.earshot.agent.core.TypeInstrumentation;
import java.util.List;

/**
 * Plain OkHttp (4.x and 5.x) calls to OpenAI-compatible hosts, made without the SDK: the same
 * GenAI metrics as SDK calls. Calls the SDK makes through OkHttp are left to the SDK's module.
 */
public final class OkHttpModule extends InstrumentationModule {

  public OkHttpModule() {
    super("okhttp", "okhttp3.internal.connection.RealCall");
  }

  @Override
  public List<TypeInstrumentation> typeInstrumentations() {
    return List.of(new RealCallInstrumentation());
  }
}
