package dev.earshot.agent.export;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.opentelemetry.sdk.autoconfigure.AutoConfiguredOpenTelemetrySdk;
import io.opentelemetry.sdk.autoconfigure.spi.ConfigurationException;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The one line the agent logs about an export setup failure never shows a credential. */
class MetricsSdkDescribeTest {

  private static final String SECRET = "s3cr3t-t0ken-4711";

  @Test
  void aRealAutoconfigureFailureAboutAnOtlpHeaderDoesNotShowTheHeaderValue() {
    Throwable failure = catchThrowable(() -> AutoConfiguredOpenTelemetrySdk.builder()
        .disableShutdownHook()
        .addPropertiesSupplier(() -> Map.of(
            "otel.metrics.exporter", "otlp",
            "otel.traces.exporter", "none",
            "otel.logs.exporter", "none",
            // "%zz" is not URL encoding: the exporter cannot decode the header value.
            "otel.exporter.otlp.headers", "Authorization=Bearer%zz" + SECRET))
        .build());
    assertThat(failure).isInstanceOf(ConfigurationException.class);

    String line = MetricsSdk.describe(failure);
    assertThat(line).doesNotContain(SECRET).doesNotContain("Bearer").doesNotContain("%zz");
    assertThat(line).contains("(value not shown)");
  }

  @Test
  void aMessageQuotingAHeaderSettingNamesTheSettingOnly() {
    String line = MetricsSdk.describe(new ConfigurationException(
        "Invalid value for property otel.exporter.otlp.headers=api-key=" + SECRET + ". Must be a map."));
    assertThat(line).isEqualTo("invalid value for otel.exporter.otlp.headers (value not shown)");
  }

  @Test
  void everySecretLookingSettingIsRedacted() {
    for (String message : new String[] {
        "Invalid value for property otel.exporter.otlp.metrics.headers=x-team=" + SECRET,
        "Invalid value for property otel.exporter.otlp.client.key=/keys/" + SECRET,
        "bad token " + SECRET,
        "password " + SECRET,
        "Authorization: Basic " + SECRET}) {
      assertThat(MetricsSdk.describe(new ConfigurationException(message))).as(message).doesNotContain(SECRET).endsWith("(value not shown)");
    }
  }

  @Test
  void aCauseIsNamedByItsClassOnlySinceItsMessageMayQuoteAValue() {
    RuntimeException failure = new ConfigurationException("Unexpected configuration error",
        new IllegalArgumentException("Unexpected char 0x0a at 6 in x-honeycomb-team value: " + SECRET));
    assertThat(MetricsSdk.describe(failure)).isEqualTo("Unexpected configuration error (caused by IllegalArgumentException)");
  }

  @Test
  void aPortInUseSaysSo() {
    RuntimeException failure = new ConfigurationException("Unexpected configuration error",
        new UncheckedIOException("Could not create Prometheus HTTP server", new BindException("Address already in use")));
    assertThat(MetricsSdk.describe(failure))
        .isEqualTo("Unexpected configuration error (caused by BindException: Address already in use)");
  }

  @Test
  void anOrdinaryMessageIsShownAsItIs() {
    String message = "Invalid duration property otel.metric.export.interval=banana. Expected number, found: banana";
    assertThat(MetricsSdk.describe(new ConfigurationException(message))).isEqualTo(message);
  }
}
