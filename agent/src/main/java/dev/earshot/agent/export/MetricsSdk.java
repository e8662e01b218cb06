package dev.earshot.agent.export;

import dev.earshot.agent.bootstrap.AgentLog;
import dev.earshot.agent.core.AgentVersion;
import dev.earshot.agent.core.Settings;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.common.ComponentLoader;
import io.opentelemetry.exporter.prometheus.PrometheusHttpServer;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.autoconfigure.AutoConfiguredOpenTelemetrySdk;
import io.opentelemetry.sdk.autoconfigure.ResourceConfiguration;
import io.opentelemetry.sdk.autoconfigure.spi.internal.DefaultConfigProperties;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.metrics.SdkMeterProviderBuilder;
import io.opentelemetry.sdk.resources.Resource;
import java.net.SocketException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Builds the OpenTelemetry SDK from the standard {@code OTEL_*} / {@code -Dotel.*} settings with
 * OpenTelemetry autoconfigure, under Earshot's defaults: metrics only, the Prometheus exporter on
 * 0.0.0.0:9464, no exemplars.
 *
 * <p>Settings that autoconfigure rejects, or an exporter that cannot start (a Prometheus port in
 * use), never stop the application: the next, simpler setup is tried (the configured exporters
 * without Prometheus; then only a Prometheus exporter on the configured host and port; then an SDK
 * that records but exports nothing), and one warning line tells what failed and what was chosen.
 */
public final class MetricsSdk {

  static final AttributeKey<String> SERVICE_NAME = AttributeKey.stringKey("service.name");
  static final AttributeKey<String> SERVICE_INSTANCE_ID = AttributeKey.stringKey("service.instance.id");
  private static final Pattern SETTING_NAME = Pattern.compile("otel\\.[a-z0-9._-]+");
  private static final String DEFAULT_PROMETHEUS_HOST = "0.0.0.0";
  private static final int DEFAULT_PROMETHEUS_PORT = 9464;
  private static final long SHUTDOWN_MILLIS = 3_000;
  private static final Pattern SECRET_WORDS = Pattern.compile("(?i)header|key|secret|token|password|authorization|bearer");

  private MetricsSdk() {}

  public static OpenTelemetrySdk build(Settings settings) {
    Map<String, String> defaults = new HashMap<>();
    defaults.put("otel.metrics.exporter", "prometheus");
    // The SDK's own default became localhost; a scraper on another host is the common case.
    defaults.put("otel.exporter.prometheus.host", DEFAULT_PROMETHEUS_HOST);
    defaults.put("otel.traces.exporter", "none");
    defaults.put("otel.logs.exporter", "none");
    // Metrics only: nothing here propagates context, so no propagator is worth loading.
    defaults.put("otel.propagators", "none");
    defaults.put("otel.metrics.exemplar.filter", "always_off");
    // The OpenTelemetry specification's default (and the OpenTelemetry Java agent's since 2.0); the
    // SDK's autoconfigure alone would pick grpc, so an endpoint on :4318 failed with a frame error.
    defaults.put("otel.exporter.otlp.protocol", "http/protobuf");
    defaults.putAll(settings.otelDefaults());
    String instanceId = UUID.randomUUID().toString();

    Throwable first;
    try {
      return autoconfigured(defaults, Map.of(), instanceId);
    } catch (Throwable t) {
      first = t;
    }
    // One warning line per failure: what was wrong, what was tried, what the application gets.
    StringBuilder warning = new StringBuilder("metrics export could not be set up as configured: ").append(describe(first));
    List<String> exporters = configuredExporters(defaults);
    if (exporters.contains("prometheus") && exporters.size() > 1) {
      List<String> others = new ArrayList<>(exporters);
      others.remove("prometheus");
      try {
        OpenTelemetrySdk sdk = autoconfigured(defaults, Map.of("otel.metrics.exporter", String.join(",", others)), instanceId);
        AgentLog.warn(warning.append("; metrics are exported with ").append(String.join(",", others)).append(" only").toString());
        return sdk;
      } catch (Throwable second) {
        warning.append("; without the Prometheus exporter: ").append(describe(second));
      }
    }
    // The fallback listens where the user asked the Prometheus exporter to listen, never wider.
    String host = fallbackHost(defaults);
    int port = fallbackPort(defaults);
    Resource resource = fallbackResource(defaults, instanceId);
    try {
      OpenTelemetrySdk sdk = builtByHand(host, port, resource);
      AgentLog.warn(warning.append("; metrics are exported with the Prometheus exporter on ").append(host).append(':').append(port)
          .append(" instead").toString());
      return sdk;
    } catch (Throwable third) {
      AgentLog.warn(warning.append("; the Prometheus exporter on ").append(host).append(':').append(port).append(" could not start either (")
          .append(describe(third)).append("); metrics are recorded but not exported").toString());
    }
    return builtByHand(null, 0, resource);
  }

  private static OpenTelemetrySdk autoconfigured(Map<String, String> defaults, Map<String, String> overrides, String instanceId) {
    OpenTelemetrySdk sdk = AutoConfiguredOpenTelemetrySdk.builder()
        .setServiceClassLoader(MetricsSdk.class.getClassLoader())
        .disableShutdownHook()
        .addPropertiesSupplier(() -> defaults)
        .addPropertiesCustomizer(config -> overrides)
        .addResourceCustomizer((resource, config) -> resource.merge(earshotResource(resource, instanceId)))
        .build()
        .getOpenTelemetrySdk();
    registerShutdown(sdk);
    return sdk;
  }

  /** The SDK without autoconfigure: a Prometheus exporter on {@code host:port}, or none when host is null. */
  private static OpenTelemetrySdk builtByHand(String host, int port, Resource resource) {
    SdkMeterProviderBuilder meters = SdkMeterProvider.builder().setResource(resource);
    if (host != null) {
      meters.registerMetricReader(PrometheusHttpServer.builder().setHost(host).setPort(port).build());
    }
    OpenTelemetrySdk sdk = OpenTelemetrySdk.builder().setMeterProvider(meters.build()).build();
    registerShutdown(sdk);
    return sdk;
  }

  private static String fallbackHost(Map<String, String> defaults) {
    String host = configured("otel.exporter.prometheus.host", defaults);
    return host == null || host.isBlank() ? DEFAULT_PROMETHEUS_HOST : host.trim();
  }

  private static int fallbackPort(Map<String, String> defaults) {
    String port = configured("otel.exporter.prometheus.port", defaults);
    try {
      int value = port == null ? DEFAULT_PROMETHEUS_PORT : Integer.parseInt(port.trim());
      return value >= 0 && value <= 65535 ? value : DEFAULT_PROMETHEUS_PORT;
    } catch (NumberFormatException e) {
      return DEFAULT_PROMETHEUS_PORT;
    }
  }

  /** The configured resource (service.name, otel.resource.attributes) when it can be read, else the SDK default. */
  private static Resource fallbackResource(Map<String, String> defaults, String instanceId) {
    Resource base = Resource.getDefault();
    try {
      base = base.merge(ResourceConfiguration.createEnvironmentResource(
          DefaultConfigProperties.create(defaults, ComponentLoader.forClassLoader(MetricsSdk.class.getClassLoader()))));
    } catch (Throwable unreadable) {
      // The resource settings are what failed: the default resource it is.
    }
    return base.merge(earshotResource(base, instanceId));
  }

  /**
   * Service name when none is configured: the main jar's or main class's name, rather than the
   * SDK's {@code unknown_service:java}; a per-process instance id so that several replicas stay
   * distinct series behind a Collector; and the distribution's name and version.
   */
  private static Resource earshotResource(Resource configured, String instanceId) {
    var attributes = io.opentelemetry.api.common.Attributes.builder()
        .put("telemetry.distro.name", "earshot")
        .put("telemetry.distro.version", AgentVersion.VERSION);
    String serviceName = configured.getAttribute(SERVICE_NAME);
    if (serviceName == null || serviceName.startsWith("unknown_service")) {
      attributes.put(SERVICE_NAME, ServiceName.fromCommandLine(System.getProperty("sun.java.command")));
    }
    if (configured.getAttribute(SERVICE_INSTANCE_ID) == null) {
      attributes.put(SERVICE_INSTANCE_ID, instanceId);
    }
    return Resource.create(attributes.build());
  }

  private static List<String> configuredExporters(Map<String, String> defaults) {
    String value = configured("otel.metrics.exporter", defaults);
    List<String> names = new ArrayList<>();
    Arrays.stream(value.split(",")).map(s -> s.trim().toLowerCase(Locale.ROOT)).filter(s -> !s.isEmpty()).forEach(names::add);
    return names;
  }

  /** A setting as autoconfigure sees it: system property, else environment variable, else the agent's defaults. */
  private static String configured(String name, Map<String, String> defaults) {
    String value = System.getProperty(name);
    if (value == null) {
      value = System.getenv(name.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_'));
    }
    return value != null ? value : defaults.get(name);
  }

  private static void registerShutdown(OpenTelemetrySdk sdk) {
    Thread hook = new Thread(() -> {
      // Bounded: an unreachable Collector must not hold the application's exit for long. The SDK's
      // shutdown() itself blocks (a periodic reader waits up to 5 s for an export in flight, then
      // up to 5 s for the final one), so it runs on a daemon thread that the exit does not wait for.
      Thread flush = new Thread(() -> sdk.shutdown().join(SHUTDOWN_MILLIS, TimeUnit.MILLISECONDS), "earshot-shutdown-flush");
      flush.setDaemon(true);
      flush.start();
      try {
        flush.join(SHUTDOWN_MILLIS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }, "earshot-shutdown");
    Runtime.getRuntime().addShutdownHook(hook);
  }

  /**
   * One line about a failure. Exporter settings can carry credentials (OTLP headers): when a
   * message mentions one, only the names of the settings it refers to are shown.
   */
  static String describe(Throwable error) {
    Throwable root = error;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    String message = String.valueOf(error.getMessage());
    if (SECRET_WORDS.matcher(message).find()) {
      List<String> names = new ArrayList<>();
      Matcher matcher = SETTING_NAME.matcher(message);
      while (matcher.find()) {
        names.add(matcher.group());
      }
      message = "invalid value for " + (names.isEmpty() ? "a setting" : String.join(", ", names)) + " (value not shown)";
    }
    // A socket error's message ("Address already in use") is the useful part and carries no setting value.
    String rootMessage = root instanceof SocketException && root.getMessage() != null ? ": " + root.getMessage() : "";
    String cause = root == error ? "" : " (caused by " + root.getClass().getSimpleName() + rootMessage + ")";
    return message + cause;
  }
}
