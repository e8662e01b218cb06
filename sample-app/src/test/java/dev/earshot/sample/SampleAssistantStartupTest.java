package dev.earshot.sample;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(10)
class SampleAssistantStartupTest {

  @Test
  void portZeroBindsAFreePortAndAnnouncesTheRealOne() {
    ByteArrayOutputStream stdout = new ByteArrayOutputStream();
    try (SampleAssistantServer server =
        SampleAssistant.start(
            new String[] {"--port", "0", "--host", "127.0.0.1"},
            Map.of("PORT", "1"), // must be overridden by the argument
            new PrintStream(stdout, true, StandardCharsets.UTF_8))) {

      assertThat(server.port()).isPositive();
      assertThat(stdout.toString(StandardCharsets.UTF_8))
          .isEqualTo(
              "Earshot sample assistant listening on http://127.0.0.1:" + server.port()
                  + System.lineSeparator());
      assertThat(TestHttp.forLocalPort(server.port()).get("/health").statusCode()).isEqualTo(200);
    }
  }

  @Test
  void ipv6HostsAreBracketedInTheBaseUrl() {
    try (SampleAssistantServer server =
        SampleAssistantServer.start(SampleAssistantConfig.defaults().withHost("::1").withPort(0))) {
      assertThat(server.baseUrl()).isEqualTo("http://[::1]:" + server.port());
    }
  }
}
