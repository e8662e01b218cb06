package dev.earshot.agent.openai.javahttp;

import dev.earshot.agent.core.InstrumentationModule;
import dev.earshot.agent.core.TypeInstrumentation;
import java.util.List;

/** The JDK's {@code java.net.http.HttpClient} calling OpenAI-compatible hosts: the same GenAI metrics as SDK calls. */
public final class JavaHttpClientModule extends InstrumentationModule {

  public JavaHttpClientModule() {
    super("java-http-client", "java.net.http.HttpClient");
  }

  @Override
  public List<TypeInstrumentation> typeInstrumentations() {
    return List.of(new HttpClientImplInstrumentation());
  }
}
