package dev.earshot.agent.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SettingsTest {

  private static final List<String> MODULES = List.of("jakarta-servlet", "javalin", "jdk-httpserver");

  @TempDir
  Path dir;

  private static Settings parse(String arguments, Map<String, String> env, Properties properties) {
    return Settings.parse(arguments, env, properties, MODULES);
  }

  private static Properties props(String... keyValues) {
    Properties properties = new Properties();
    for (int i = 0; i < keyValues.length; i += 2) {
      properties.setProperty(keyValues[i], keyValues[i + 1]);
    }
    return properties;
  }

  private Path configFile(String... lines) throws IOException {
    Path file = dir.resolve("earshot-" + System.nanoTime() + ".properties");
    Files.write(file, List.of(lines));
    return file;
  }

  @Test
  void defaultsWithoutAnySetting() {
    Settings settings = parse(null, Map.of(), new Properties());
    assertThat(settings.httpMaxRoutes()).isEqualTo(100);
    assertThat(settings.logLevel()).isEqualTo("info");
    assertThat(settings.instrumentationEnabled("jakarta-servlet")).isTrue();
    assertThat(settings.otelDefaults()).isEmpty();
    assertThat(settings.warnings()).isEmpty();
  }

  @Test
  void systemPropertyBeatsEnvironmentBeatsAgentArgumentsBeatsConfigFile() throws IOException {
    Path file = configFile("earshot.http.max-routes=10");
    String arguments = "config=" + file + ",earshot.http.max-routes=20";
    Map<String, String> env = Map.of("EARSHOT_HTTP_MAX_ROUTES", "30");

    assertThat(parse(arguments, env, props("earshot.http.max-routes", "40")).httpMaxRoutes()).isEqualTo(40);
    assertThat(parse(arguments, env, new Properties()).httpMaxRoutes()).isEqualTo(30);
    assertThat(parse(arguments, Map.of(), new Properties()).httpMaxRoutes()).isEqualTo(20);
    assertThat(parse("config=" + file, Map.of(), new Properties()).httpMaxRoutes()).isEqualTo(10);
    assertThat(parse(arguments, env, props("earshot.http.max-routes", "40")).warnings()).isEmpty();
  }

  @Test
  void configFileNamedBySystemPropertyOrEnvironment() throws IOException {
    Path byProperty = configFile("earshot.http.max-routes=11", "otel.service.name=from-file");
    Path byEnv = configFile("earshot.http.max-routes=12");
    Settings settings = parse(null, Map.of("EARSHOT_CONFIG", byEnv.toString()), props("earshot.config", byProperty.toString()));
    assertThat(settings.httpMaxRoutes()).isEqualTo(11);
    assertThat(settings.otelDefaults()).containsEntry("otel.service.name", "from-file");
    assertThat(parse(null, Map.of("EARSHOT_CONFIG", byEnv.toString()), new Properties()).httpMaxRoutes()).isEqualTo(12);
    // The system property also wins over the config= agent argument.
    assertThat(parse("config=" + byEnv, Map.of(), props("earshot.config", byProperty.toString())).httpMaxRoutes()).isEqualTo(11);
  }

  @Test
  void otelEntriesOfArgumentsAndFileBecomeDefaultsForAutoconfigure() throws IOException {
    Path file = configFile("otel.service.name=file-name", "otel.metric.export.interval=5000");
    Settings settings = parse("config=" + file + ",otel.service.name=argument-name", Map.of(), props("otel.exporter.prometheus.port", "9999"));
    assertThat(settings.otelDefaults()).containsExactlyInAnyOrderEntriesOf(Map.of(
        "otel.service.name", "argument-name", "otel.metric.export.interval", "5000"));
    assertThat(settings.warnings()).isEmpty();
  }

  @Test
  void environmentNamesAreUpperCaseWithUnderscores() {
    assertThat(Settings.envName("earshot.http.max-routes")).isEqualTo("EARSHOT_HTTP_MAX_ROUTES");
    assertThat(Settings.envName("earshot.instrumentation.jakarta-servlet.enabled"))
        .isEqualTo("EARSHOT_INSTRUMENTATION_JAKARTA_SERVLET_ENABLED");
    Settings settings = parse(null, Map.of(
        "EARSHOT_HTTP_MAX_ROUTES", "7",
        "EARSHOT_INSTRUMENTATION_JAKARTA_SERVLET_ENABLED", "false",
        "EARSHOT_LOG_LEVEL", "DEBUG",
        "PATH", "/usr/bin"), new Properties());
    assertThat(settings.httpMaxRoutes()).isEqualTo(7);
    assertThat(settings.instrumentationEnabled("jakarta-servlet")).isFalse();
    assertThat(settings.instrumentationEnabled("javalin")).isTrue();
    assertThat(settings.logLevel()).isEqualTo("debug");
    assertThat(settings.warnings()).isEmpty();
  }

  @Test
  void switchesAcceptTrueOrFalseInAnyCase() {
    assertThat(parse(null, Map.of(), props("earshot.instrumentation.javalin.enabled", "FALSE")).instrumentationEnabled("javalin")).isFalse();
    assertThat(parse("earshot.instrumentation.javalin.enabled=False", Map.of(), new Properties()).instrumentationEnabled("javalin"))
        .isFalse();
    assertThat(parse(null, Map.of(), props("earshot.instrumentation.javalin.enabled", " true ")).instrumentationEnabled("javalin"))
        .isTrue();
  }

  @Test
  void unknownNamesAreWarnedAboutAndIgnored() throws IOException {
    Path file = configFile("earshot.htp.max-routes=3");
    Map<String, String> env = new HashMap<>(Map.of("EARSHOT_HTTP_MAX_ROUTS", "4"));
    Settings settings = parse("config=" + file + ",earshot.bogus=1", env, props("earshot.http.max-route", "5", "java.vendor", "x"));
    assertThat(settings.httpMaxRoutes()).isEqualTo(100);
    assertThat(settings.warnings()).hasSize(4);
    assertThat(settings.warnings()).anySatisfy(w -> assertThat(w)
        .startsWith("unknown setting -Dearshot.http.max-route; ignored (known: ").contains("earshot.http.max-routes"));
    assertThat(settings.warnings()).anySatisfy(w -> assertThat(w)
        .startsWith("unknown setting EARSHOT_HTTP_MAX_ROUTS in the environment; ignored").contains("EARSHOT_HTTP_MAX_ROUTES"));
    assertThat(settings.warnings()).contains("unknown setting earshot.bogus in agent arguments; ignored");
    assertThat(settings.warnings()).contains("unknown setting earshot.htp.max-routes in config file " + file + "; ignored");
  }

  @Test
  void unknownInstrumentationSwitchIsUnknown() {
    Settings settings = parse(null, Map.of(), props("earshot.instrumentation.spring.enabled", "false"));
    assertThat(settings.warnings()).singleElement().satisfies(w -> assertThat(w).startsWith("unknown setting -Dearshot.instrumentation.spring.enabled"));
  }

  @Test
  void malformedValuesAreWarnedAboutAndReplacedByTheDefault() {
    Settings settings = parse(null, Map.of(), props(
        "earshot.http.max-routes", "lots",
        "earshot.instrumentation.javalin.enabled", "maybe",
        "earshot.log.level", "verbose"));
    assertThat(settings.httpMaxRoutes()).isEqualTo(100);
    assertThat(settings.instrumentationEnabled("javalin")).isTrue();
    assertThat(settings.logLevel()).isEqualTo("info");
    assertThat(settings.warnings()).containsExactlyInAnyOrder(
        "setting earshot.http.max-routes='lots' is not a whole number; using the default 100",
        "setting earshot.instrumentation.javalin.enabled='maybe' is not true or false; using the default true",
        "setting earshot.log.level='verbose' is not one of debug, info, warn, error, off; using the default info");
  }

  @Test
  void maxRoutesMustBeBetweenOneAndTenThousand() {
    assertThat(parse(null, Map.of(), props("earshot.http.max-routes", "0")).warnings())
        .containsExactly("setting earshot.http.max-routes='0' is not between 1 and 10000; using the default 100");
    assertThat(parse(null, Map.of(), props("earshot.http.max-routes", "10001")).httpMaxRoutes()).isEqualTo(100);
    assertThat(parse(null, Map.of(), props("earshot.http.max-routes", "1")).httpMaxRoutes()).isEqualTo(1);
    assertThat(parse(null, Map.of(), props("earshot.http.max-routes", "10000")).httpMaxRoutes()).isEqualTo(10_000);
    assertThat(parse(null, Map.of(), props("earshot.http.max-routes", " 50 ")).httpMaxRoutes()).isEqualTo(50);
  }

  @Test
  void openAiHostsAreHostsOrHostPortsSeparatedByCommasOrSemicolons() {
    Settings fromProperty = parse(null, Map.of(), props("earshot.openai.hosts", " My-Resource.openai.azure.com , 127.0.0.1:8090"));
    assertThat(fromProperty.openAiHosts()).containsExactly("my-resource.openai.azure.com", "127.0.0.1:8090");
    assertThat(fromProperty.warnings()).isEmpty();
    Settings fromArguments = parse("earshot.openai.hosts=llm.internal;gateway:443", Map.of(), new Properties());
    assertThat(fromArguments.openAiHosts()).containsExactly("llm.internal", "gateway:443");
    Settings fromEnvironment = parse(null, Map.of("EARSHOT_OPENAI_HOSTS", "localhost"), new Properties());
    assertThat(fromEnvironment.openAiHosts()).containsExactly("localhost");
    assertThat(parse(null, Map.of(), new Properties()).openAiHosts()).isEmpty();
  }

  @Test
  void aMalformedOpenAiHostListIsWarnedAboutAndIgnoredWhole() {
    Settings settings = parse(null, Map.of(), props("earshot.openai.hosts", "good.example.com,https://bad.example.com/v1"));
    assertThat(settings.openAiHosts()).isEmpty();
    assertThat(settings.warnings()).containsExactly(
        "setting earshot.openai.hosts='good.example.com,https://bad.example.com/v1' has 'https://bad.example.com/v1', which is"
            + " not a host name or host:port; using the default (none)");
    assertThat(parse(null, Map.of(), props("earshot.openai.hosts", "host:70000")).openAiHosts()).isEmpty();
  }

  @Test
  void malformedAgentArgumentsAndMissingFilesAreWarnings() {
    Settings settings = parse("justaword,=value,earshot.http.max-routes=9", Map.of(), new Properties());
    assertThat(settings.httpMaxRoutes()).isEqualTo(9);
    assertThat(settings.warnings()).containsExactly(
        "agent argument 'justaword' is not of the form name=value; ignored",
        "agent argument '=value' is not of the form name=value; ignored");

    Path missing = dir.resolve("nope.properties");
    Settings withoutFile = parse("config=" + missing + ",earshot.http.max-routes=8", Map.of(), new Properties());
    assertThat(withoutFile.httpMaxRoutes()).isEqualTo(8);
    assertThat(withoutFile.warnings()).singleElement().satisfies(w -> assertThat(w)
        .startsWith("cannot read the configuration file " + missing).endsWith("; using the other settings"));
  }
}
