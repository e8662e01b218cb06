package dev.earshot.sample.http;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ClientAddressResolverTest {

  @Test
  void takesTheRightMostForwardedHop() {
    assertThat(ClientAddressResolver.lastForwardedAddress("203.0.113.7")).isEqualTo("203.0.113.7");
    assertThat(ClientAddressResolver.lastForwardedAddress("1.1.1.1, 203.0.113.7 "))
        .isEqualTo("203.0.113.7");
    assertThat(ClientAddressResolver.lastForwardedAddress("1.1.1.1, ,")).isEqualTo("1.1.1.1");
  }

  @Test
  void ignoresMissingOrEmptyHeaders() {
    assertThat(ClientAddressResolver.lastForwardedAddress(null)).isNull();
    assertThat(ClientAddressResolver.lastForwardedAddress(" , ")).isNull();
  }
}
