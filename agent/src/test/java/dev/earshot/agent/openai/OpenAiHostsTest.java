package dev.earshot.agent.openai;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class OpenAiHostsTest {

  @Test
  void openAiItselfTheBaseUrlHostAndConfiguredEntries() {
    OpenAiHosts hosts = new OpenAiHosts(List.of("my-resource.openai.azure.com", "127.0.0.1:8090"), "http://llm.internal:8000/v1");
    assertThat(hosts.matches("api.openai.com", -1, true)).isTrue();
    assertThat(hosts.matches("API.OpenAI.com", 443, true)).isTrue();
    assertThat(hosts.matches("my-resource.openai.azure.com", 443, true)).isTrue();
    assertThat(hosts.matches("127.0.0.1", 8090, false)).isTrue();
    assertThat(hosts.matches("127.0.0.1", 8091, false)).isFalse();
    assertThat(hosts.matches("llm.internal", 8000, false)).isTrue();
    assertThat(hosts.matches("llm.internal", 80, false)).isFalse();
    assertThat(hosts.matches("example.com", 443, true)).isFalse();
    assertThat(hosts.matches(null, 443, true)).isFalse();
  }

  @Test
  void aHostListedWithoutPortMatchesEveryPortAndDefaultPortsCount() {
    OpenAiHosts hosts = new OpenAiHosts(List.of("localhost", "gateway:443"), "not a url");
    assertThat(hosts.matches("localhost", 11434, false)).isTrue();
    assertThat(hosts.matches("gateway", -1, true)).isTrue();
    assertThat(hosts.matches("gateway", -1, false)).isFalse();
  }
}
