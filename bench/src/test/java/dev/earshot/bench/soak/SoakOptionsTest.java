package dev.earshot.bench.soak;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class SoakOptionsTest {

  @Test
  void durationsReadAsPeopleWriteThem() {
    assertThat(SoakOptions.duration("90s")).isEqualTo(Duration.ofSeconds(90));
    assertThat(SoakOptions.duration("10m")).isEqualTo(Duration.ofMinutes(10));
    assertThat(SoakOptions.duration("1h30m")).isEqualTo(Duration.ofMinutes(90));
    assertThat(SoakOptions.duration("45")).isEqualTo(Duration.ofSeconds(45));
    assertThatThrownBy(() -> SoakOptions.duration("ten minutes")).isInstanceOf(IllegalArgumentException.class);
    assertThat(SoakOptions.format(Duration.ofMinutes(60))).isEqualTo("1h");
    assertThat(SoakOptions.format(Duration.ofSeconds(90))).isEqualTo("90s");
  }

  @Test
  void theDefaultsOfAnHourAndOfTwoMinutes() {
    SoakOptions hour = SoakOptions.parse(new String[0]);
    assertThat(hour.duration()).isEqualTo(Duration.ofHours(1));
    assertThat(hour.warmup()).isEqualTo(Duration.ofMinutes(10));
    assertThat(hour.interval()).isEqualTo(Duration.ofSeconds(30));
    assertThat(hour.callers()).isEqualTo(4);
    assertThat(hour.httpRate()).isEqualTo(10);
    SoakOptions shortRun = SoakOptions.parse(new String[] {"--duration", "2m"});
    assertThat(shortRun.warmup()).isEqualTo(Duration.ofSeconds(24));
    assertThat(shortRun.interval()).isEqualTo(Duration.ofSeconds(5));
  }

  @Test
  void boundsAreEnforced() {
    assertThatThrownBy(() -> SoakOptions.parse(new String[] {"--duration", "25h"})).hasMessageContaining("--duration");
    assertThatThrownBy(() -> SoakOptions.parse(new String[] {"--callers", "1000"})).hasMessageContaining("--callers");
    assertThatThrownBy(() -> SoakOptions.parse(new String[] {"--duration", "1m", "--interval", "20s"}))
        .hasMessageContaining("fewer than 5 samples");
    assertThatThrownBy(() -> SoakOptions.parse(new String[] {"--bogus", "1"})).hasMessageContaining("unknown option");
  }
}
