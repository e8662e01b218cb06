package dev.earshot.agent.http;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class HttpMethodsTest {

  @ParameterizedTest
  @ValueSource(strings = {"GET", "HEAD", "POST", "PUT", "DELETE", "CONNECT", "OPTIONS", "TRACE", "PATCH"})
  void knownMethodsKeepTheirName(String method) {
    assertThat(HttpMethods.NAMES[HttpMethods.index(method)]).isEqualTo(method);
  }

  @ParameterizedTest
  @ValueSource(strings = {"PROPFIND", "get", "Get", "BREW", "", "GET ", "_OTHER"})
  void anyOtherMethodIsOther(String method) {
    assertThat(HttpMethods.index(method)).isEqualTo(HttpMethods.OTHER);
    assertThat(HttpMethods.NAMES[HttpMethods.index(method)]).isEqualTo("_OTHER");
  }

  @Test
  void nullIsOther() {
    assertThat(HttpMethods.NAMES[HttpMethods.index(null)]).isEqualTo("_OTHER");
  }

  @Test
  void everyIndexFitsTheFourBitsTheAttributeKeyReserves() {
    // HttpServerMetrics packs the method index into the low 4 bits of its attribute cache key.
    assertThat(HttpMethods.NAMES.length).isLessThanOrEqualTo(16);
    assertThat(HttpMethods.NAMES).doesNotHaveDuplicates();
  }
}
