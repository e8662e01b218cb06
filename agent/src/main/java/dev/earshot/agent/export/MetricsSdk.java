package dev.earshot.agent.export;

import dev.earshot.agent.bootstrap.AgentLog;
import dev.earshot.agent.core.AgentVersion;
import dev.earshot.agent.core.Settings;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.exporter.prometheus.PrometheusHttpServer;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.autoconfigure.AutoConfiguredOpenTelemetrySdk;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.metrics.SdkMeterProviderBuilder;
import io.opentelemetry.sdk.resources.Resource;
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
 * use), never stop the application: each failure is logged once and the next, simpler setup is
 * tried, down to an SDK that records but exports nothing.
 */
public final class MetricsSdk {

  static final AttributeKey<String> SERVICE_NAME = AttributeKey.stringKey("service.name");
  static final AttributeKey<String> SERVICE_INSTANCE_ID = AttributeKey.stringKey("service.instance.id");
  private static final Pattern SETTING_NAME = Pattern.compile("otel\\.[a-z0-9._-]+");
  private static final Pattern SECRET_WORDS = Pattern.compile("(?i)header|key|secret|token|password|authorization|bearer");

  private MetricsSdk() {}

  public static OpenTelemetrySdk build(Settings settings) {
    Map<String, String> defaults = new HashMap<>();
    defaults.put("otel.metrics.exporter", "prometheus");
    // The SDK's own default became localhost; a scraper on another host is the common case.
    defaults.put("otel.exporter.prometheus.host", "0.0.0.0");
    defaults.put("otel.traces.exporter", "none");
    defaults.put("otel.logs.exporter", "none");
    defaults.put("otel.metrics.exemplar.filter", "always_off");
    defaults.putAll(settings.otelDefaults());
    String instanceId = UUID.randomUUID().toString();

    try {
      return autoconfigured(defaults, Map.of(), instanceId);
    } catch (Throwable first) {
      AgentLog.warn("metrics export settings rejected: " + describe(first));
    }
    List<String> exporters = configuredExporters(defaults);
    if (exporters.contains("prometheus") && exporters.size() > 1) {
      List<String> others = new ArrayList<>(exporters);
      others.remove("prometheus");
      try {
        OpenTelemetrySdk sdk = autoconfigured(defaults, Map.of("otel.metrics.exporter", String.join(",", others)), instanceId);
        AgentLog.warn("metrics are exported with " + String.join(",", others) + " only");
        return sdk;
      } catch (Throwable second) {
        AgentLog.warn("metrics export without the Prometheus exporter failed too: " + describe(second));
      }
    }
    try {
      OpenTelemetrySdk sdk = builtByHand(true, instanceId);
      AgentLog.warn("metrics are exported with the default Prometheus exporter on 0.0.0.0:9464");
      return sdk;
    } catch (Throwable third) {
      AgentLog.warn("the default Prometheus exporter could not start either (" + describe(third) + "); metrics are recorded but not exported");
    }
    return builtByHand(false, instanceId);
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

  private static OpenTelemetrySdk builtByHand(boolean withPrometheus, String instanceId) {
    Resource base = Resource.getDefault();
    SdkMeterProviderBuilder meters = SdkMeterProvider.builder().setResource(base.merge(earshotResource(base, instanceId)));
    if (withPrometheus) {
      meters.registerMetricReader(PrometheusHttpServer.builder().setHost("0.0.0.0").build());
    }
    OpenTelemetrySdk sdk = OpenTelemetrySdk.builder().setMeterProvider(meters.build()).build();
    registerShutdown(sdk);
    return sdk;
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
    String value = System.getProperty("otel.metrics.exporter");
    if (value == null) {
      value = System.getenv("OTEL_METRICS_EXPORTER");
    }
    if (value == null) {
      value = defaults.get("otel.metrics.exporter");
    }
    List<String> names = new ArrayList<>();
    Arrays.stream(value.split(",")).map(s -> s.trim().toLowerCase(Locale.ROOT)).filter(s -> !s.isEmpty()).forEach(names::add);
    return names;
  }

  private static void registerShutdown(OpenTelemetrySdk sdk) {
    Thread hook = new Thread(() -> {
      // Bounded: an unreachable Collector must not hold the application's exit for long.
      sdk.shutdown().join(3, TimeUnit.SECONDS);
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
    String cause = root == error ? "" : " (caused by " + root.getClass().getSimpleName() + ")";
    return message + cause;
  }
}
