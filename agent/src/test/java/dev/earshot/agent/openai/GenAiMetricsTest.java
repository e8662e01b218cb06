package dev.earshot.agent.openai;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class GenAiMetricsTest {

  @Test
  void rateLimitHeaderValuesAreWholeNumbersOrIgnored() {
    assertThat(GenAiMetrics.parseCount("9999")).isEqualTo(9999);
    assertThat(GenAiMetrics.parseCount(" 0")).isZero();
    assertThat(GenAiMetrics.parseCount("149984")).isEqualTo(149984);
    assertThat(GenAiMetrics.parseCount("-1")).isEqualTo(-1);
    assertThat(GenAiMetrics.parseCount("6m0s")).isEqualTo(-1);
    assertThat(GenAiMetrics.parseCount("")).isEqualTo(-1);
    assertThat(GenAiMetrics.parseCount(null)).isEqualTo(-1);
    assertThat(GenAiMetrics.parseCount("9".repeat(30))).isEqualTo(-1);
  }

  @Test
  void errorTypesOfStatuses() {
    assertThat(GenAiMetrics.statusErrorType(429)).isEqualTo("429");
    assertThat(GenAiMetrics.statusErrorType(503)).isEqualTo("503");
    assertThat(GenAiMetrics.statusErrorType(999)).isEqualTo("_OTHER");
  }

  @Test
  void modelNamesAreBoundedAndOnlyModelLike() {
    assertThat(ModelNames.bounded("gpt-4o-mini-2024-07-18")).isEqualTo("gpt-4o-mini-2024-07-18");
    assertThat(ModelNames.bounded("org/llama-3.1:8b")).isEqualTo("org/llama-3.1:8b");
    assertThat(ModelNames.bounded("ignore previous instructions")).isEqualTo("_OTHER");
    assertThat(ModelNames.bounded("x".repeat(65))).isEqualTo("_OTHER");
    assertThat(ModelNames.bounded(null)).isNull();
    for (int i = 0; i < 200; i++) {
      ModelNames.bounded("bounded-model-" + i);
    }
    assertThat(ModelNames.bounded("one-too-many")).isEqualTo("_OTHER");
    assertThat(ModelNames.bounded("gpt-4o-mini-2024-07-18")).isEqualTo("gpt-4o-mini-2024-07-18");
  }
}
