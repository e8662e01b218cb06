package dev.earshot.agent.core;

/**
 * The class loaders of other Java agents running in the same JVM: the OpenTelemetry Java agent,
 * Datadog, Elastic, New Relic, Dynatrace, AppDynamics, Instana, Glowroot, Contrast, SkyWalking.
 * What they load is their own: the OpenTelemetry agent carries an unshaded OkHttp for its OTLP
 * exporter, which is not the application's OpenAI traffic, and a Prometheus endpoint on the JDK's
 * HTTP server, whose scrapes are not the application's requests. Earshot instruments none of their
 * classes and measures none of their servers, as these agents ignore each other's packages.
 * Recognised by the name of the loader's class.
 */
public final class OtherAgents {

  private static final String[] LOADER_PACKAGES = {
    "io.opentelemetry.javaagent.",
    "datadog.",
    "co.elastic.apm.",
    "com.newrelic.",
    "com.nr.agent.",
    "com.dynatrace.",
    "com.compuware.",
    "com.appdynamics.",
    "com.singularity.",
    "com.instana.",
    "org.glowroot.",
    "com.contrastsecurity.",
    "org.apache.skywalking.",
  };

  /** Per loader class, computed once: a lookup on a request's path costs no string comparison. */
  private static final ClassValue<Boolean> AGENT_LOADER_TYPES = new ClassValue<>() {
    @Override
    protected Boolean computeValue(Class<?> loaderType) {
      String name = loaderType.getName();
      for (String prefix : LOADER_PACKAGES) {
        if (name.startsWith(prefix)) {
          return Boolean.TRUE;
        }
      }
      return Boolean.FALSE;
    }
  };

  private OtherAgents() {}

  /** Whether another agent's class loader is {@code loader} (false for the bootstrap loader, null). */
  public static boolean own(ClassLoader loader) {
    return loader != null && AGENT_LOADER_TYPES.get(loader.getClass());
  }
}
