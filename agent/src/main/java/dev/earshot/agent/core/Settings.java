package dev.earshot.agent.core;

import dev.earshot.agent.bootstrap.AgentLog;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

/**
 * Earshot's own settings ({@code earshot.*}), read once at startup.
 *
 * <p>Sources, strongest first: system properties ({@code -Dearshot.http.max-routes=50}),
 * environment variables ({@code EARSHOT_HTTP_MAX_ROUTES=50}), agent arguments
 * ({@code -javaagent:earshot-agent.jar=earshot.http.max-routes=50}), the properties file named by
 * the {@code config} agent argument or {@code earshot.config}. {@code otel.*} entries of the agent
 * arguments and the file are handed to OpenTelemetry autoconfigure, below its own system property
 * and environment sources.
 *
 * <p>A bad setting never stops the application: an unknown name or a malformed value produces one
 * warning line and the default.
 */
public final class Settings {

  public static final String CONFIG = "earshot.config";
  /** The hard off switch; read by the bootstrap before anything is installed, listed here so a bad value is reported. */
  public static final String ENABLED = "earshot.enabled";
  public static final String LOG_LEVEL = "earshot.log.level";
  public static final String HTTP_MAX_ROUTES = "earshot.http.max-routes";
  public static final String METRICS_START_DELAY_MS = "earshot.metrics.start-delay-ms";
  public static final String OPENAI_HOSTS = "earshot.openai.hosts";
  private static final String INSTRUMENTATION_PREFIX = "earshot.instrumentation.";
  private static final String ENABLED_SUFFIX = ".enabled";

  private final Map<String, String> earshotValues;
  private final Map<String, String> otelDefaults;
  private final List<String> warnings;

  private Settings(Map<String, String> earshotValues, Map<String, String> otelDefaults, List<String> warnings) {
    this.earshotValues = earshotValues;
    this.otelDefaults = otelDefaults;
    this.warnings = warnings;
  }

  /** Reads the real process settings and logs every problem found. */
  public static Settings load(String agentArguments, Collection<String> instrumentationNames) {
    Settings settings = parse(agentArguments, System.getenv(), System.getProperties(), instrumentationNames);
    settings.warnings.forEach(AgentLog::warn);
    return settings;
  }

  static Settings parse(
      String agentArguments, Map<String, String> environment, Properties systemProperties, Collection<String> instrumentationNames) {
    List<String> warnings = new ArrayList<>();
    Map<String, String> known = knownSettings(instrumentationNames);

    Map<String, String> fromArguments = new LinkedHashMap<>();
    String configFile = null;
    if (agentArguments != null && !agentArguments.isBlank()) {
      for (String argument : agentArguments.split(",")) {
        String trimmed = argument.trim();
        int eq = trimmed.indexOf('=');
        if (eq <= 0) {
          warnings.add("agent argument '" + trimmed + "' is not of the form name=value; ignored");
          continue;
        }
        String name = trimmed.substring(0, eq).trim();
        String value = trimmed.substring(eq + 1).trim();
        if (name.equals("config")) {
          configFile = value;
        } else {
          fromArguments.put(name, value);
        }
      }
    }
    String configFromProperty = firstNonNull(systemProperties.getProperty(CONFIG), environment.get(envName(CONFIG)));
    if (configFromProperty != null) {
      configFile = configFromProperty;
    }

    Map<String, String> merged = new LinkedHashMap<>();
    Map<String, String> otelDefaults = new TreeMap<>();
    if (configFile != null) {
      String source = "config file " + configFile;
      readConfigFile(configFile, warnings).forEach((name, value) -> sort(name, value, source, known, merged, otelDefaults, warnings));
    }
    fromArguments.forEach((name, value) -> sort(name, value, "agent arguments", known, merged, otelDefaults, warnings));

    Map<String, String> envToKey = new TreeMap<>();
    for (String key : known.keySet()) {
      envToKey.put(envName(key), key);
    }
    for (Map.Entry<String, String> variable : new TreeMap<>(environment).entrySet()) {
      if (!variable.getKey().startsWith("EARSHOT_")) {
        continue;
      }
      String key = envToKey.get(variable.getKey());
      if (key == null) {
        warnings.add("unknown setting " + variable.getKey() + " in the environment; ignored (known: " + String.join(", ", envToKey.keySet()) + ")");
      } else {
        merged.put(key, variable.getValue());
      }
    }
    for (String name : new TreeMap<>(systemProperties).keySet().stream().map(String::valueOf).toList()) {
      if (!name.startsWith("earshot.")) {
        continue;
      }
      if (!known.containsKey(name)) {
        warnings.add("unknown setting -D" + name + "; ignored (known: " + String.join(", ", known.keySet()) + ")");
      } else {
        merged.put(name, systemProperties.getProperty(name));
      }
    }

    Map<String, String> values = new TreeMap<>();
    for (Map.Entry<String, String> entry : known.entrySet()) {
      String key = entry.getKey();
      String raw = merged.get(key);
      values.put(key, raw == null ? entry.getValue() : validated(key, raw.trim(), entry.getValue(), warnings));
    }
    return new Settings(values, otelDefaults, warnings);
  }

  private static void sort(
      String name, String value, String source, Map<String, String> known, Map<String, String> merged,
      Map<String, String> otelDefaults, List<String> warnings) {
    if (name.startsWith("otel.")) {
      otelDefaults.put(name, value);
    } else if (known.containsKey(name)) {
      merged.put(name, value);
    } else {
      warnings.add("unknown setting " + name + " in " + source + "; ignored");
    }
  }

  private static Map<String, String> readConfigFile(String file, List<String> warnings) {
    Path path = Paths.get(file);
    Properties properties = new Properties();
    try (InputStream in = Files.newInputStream(path)) {
      properties.load(in);
    } catch (IOException | IllegalArgumentException e) {
      warnings.add("cannot read the configuration file " + path + " (" + e.getClass().getSimpleName() + "); using the other settings");
      return Collections.emptyMap();
    }
    Map<String, String> values = new TreeMap<>();
    properties.stringPropertyNames().forEach(name -> values.put(name, properties.getProperty(name)));
    return values;
  }

  /** Default value of every known setting; the value's shape tells its type. */
  private static Map<String, String> knownSettings(Collection<String> instrumentationNames) {
    Map<String, String> known = new TreeMap<>();
    known.put(CONFIG, "");
    known.put(ENABLED, "true");
    known.put(LOG_LEVEL, "info");
    known.put(HTTP_MAX_ROUTES, "100");
    known.put(METRICS_START_DELAY_MS, "0");
    known.put(OPENAI_HOSTS, "");
    for (String name : instrumentationNames) {
      known.put(INSTRUMENTATION_PREFIX + name + ENABLED_SUFFIX, "true");
    }
    return known;
  }

  private static String validated(String key, String raw, String defaultValue, List<String> warnings) {
    String problem = null;
    String value = raw;
    if (key.endsWith(ENABLED_SUFFIX)) {
      value = raw.toLowerCase(Locale.ROOT);
      if (!value.equals("true") && !value.equals("false")) {
        problem = "is not true or false";
      }
    } else if (key.equals(HTTP_MAX_ROUTES)) {
      problem = outsideRange(raw, 1, 10_000);
    } else if (key.equals(METRICS_START_DELAY_MS)) {
      problem = outsideRange(raw, 0, 600_000);
    } else if (key.equals(OPENAI_HOSTS)) {
      for (String entry : hostList(raw)) {
        if (!isHostEntry(entry)) {
          problem = "has '" + entry + "', which is not a host name or host:port";
          break;
        }
      }
    } else if (key.equals(LOG_LEVEL)) {
      value = raw.toLowerCase(Locale.ROOT);
      if (!List.of("debug", "info", "warn", "error", "off").contains(value)) {
        problem = "is not one of debug, info, warn, error, off";
      }
    }
    if (problem != null) {
      warnings.add("setting " + key + "='" + raw + "' " + problem + "; using the default " + (defaultValue.isEmpty() ? "(none)" : defaultValue));
      return defaultValue;
    }
    return value;
  }

  /** Why {@code raw} is not a whole number from {@code min} to {@code max}, or null when it is. */
  private static String outsideRange(String raw, int min, int max) {
    try {
      int n = Integer.parseInt(raw);
      return n < min || n > max ? "is not between " + min + " and " + max : null;
    } catch (NumberFormatException e) {
      return "is not a whole number";
    }
  }

  /** Entries of a host list, separated by commas or semicolons (agent arguments already split on commas). */
  static List<String> hostList(String raw) {
    List<String> entries = new ArrayList<>();
    for (String entry : raw.split("[,;]")) {
      if (!entry.isBlank()) {
        entries.add(entry.trim().toLowerCase(Locale.ROOT));
      }
    }
    return entries;
  }

  private static boolean isHostEntry(String entry) {
    String host = entry;
    int colon = entry.lastIndexOf(':');
    if (colon > 0 && entry.indexOf(':') == colon) {
      host = entry.substring(0, colon);
      try {
        int port = Integer.parseInt(entry.substring(colon + 1));
        if (port < 1 || port > 65535) {
          return false;
        }
      } catch (NumberFormatException e) {
        return false;
      }
    }
    return host.matches("[a-z0-9]([a-z0-9.-]{0,251}[a-z0-9])?") || host.matches("\\[[0-9a-f:.]+\\]");
  }

  /** {@code earshot.http.max-routes} becomes {@code EARSHOT_HTTP_MAX_ROUTES}. */
  static String envName(String key) {
    return key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
  }

  private static String firstNonNull(String a, String b) {
    return a != null ? a : b;
  }

  private static volatile Settings current;

  static void makeCurrent(Settings settings) {
    current = settings;
  }

  /** The settings the agent started with (defaults when read before the agent started). */
  public static Settings current() {
    Settings settings = current;
    return settings != null ? settings : parse(null, Map.of(), new Properties(), List.of());
  }

  public boolean instrumentationEnabled(String name) {
    return Boolean.parseBoolean(earshotValues.getOrDefault(INSTRUMENTATION_PREFIX + name + ENABLED_SUFFIX, "true"));
  }

  public int httpMaxRoutes() {
    return Integer.parseInt(earshotValues.get(HTTP_MAX_ROUTES));
  }

  /**
   * {@code earshot.metrics.start-delay-ms}: the metrics SDK (exporters, the Prometheus endpoint) is
   * built no earlier than this long after premain, so that it does not compete with the
   * application's own start for CPU; measurements in between are buffered, not lost.
   */
  public int metricsStartDelayMillis() {
    return Integer.parseInt(earshotValues.get(METRICS_START_DELAY_MS));
  }

  /** {@code earshot.openai.hosts}: extra OpenAI-compatible hosts ({@code host} or {@code host:port}, lower case). */
  public List<String> openAiHosts() {
    return hostList(earshotValues.getOrDefault(OPENAI_HOSTS, ""));
  }

  public String logLevel() {
    return earshotValues.get(LOG_LEVEL);
  }

  /** {@code otel.*} settings from the agent arguments and the configuration file. */
  public Map<String, String> otelDefaults() {
    return Collections.unmodifiableMap(otelDefaults);
  }

  List<String> warnings() {
    return Collections.unmodifiableList(warnings);
  }
}
