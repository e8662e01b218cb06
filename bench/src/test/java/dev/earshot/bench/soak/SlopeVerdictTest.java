package dev.earshot.bench.soak;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class SlopeVerdictTest {

  /** (hours, value) pairs: one sample a minute for {@code minutes}, value = start + perHour * t + noise. */
  private static List<double[]> series(int minutes, double perHour, double noise, long seed) {
    Random random = new Random(seed);
    List<double[]> points = new ArrayList<>();
    for (int m = 0; m <= minutes; m++) {
      double hours = m / 60.0;
      points.add(new double[] {hours, 50_000 + perHour * hours + noise * random.nextGaussian()});
    }
    return points;
  }

  private static SlopeVerdict verdict(List<double[]> points, double thresholdPerHour, double floor) {
    return SlopeVerdict.of("heap_after_gc", "KiB", thresholdPerHour, floor, points, p -> p[0], p -> p[1]);
  }

  @Test
  void aFlatNoisySeriesShowsNoLeak() {
    SlopeVerdict v = verdict(series(50, 0, 300, 1), 1024, 2048);
    assertThat(v.verdict()).isEqualTo(SlopeVerdict.NO_LEAK);
    assertThat(v.lowerPerHour()).isLessThan(v.slopePerHour());
    assertThat(v.upperPerHour()).isGreaterThan(v.slopePerHour());
    assertThat(v.samples()).isEqualTo(51);
    assertThat(v.windowHours()).isCloseTo(50 / 60.0, within(1e-9));
    assertThat(v.allowedGrowth()).isEqualTo(2048); // the floor: 1024/h over 50 minutes is less
  }

  @Test
  void steadyGrowthAboveTheThresholdIsALeak() {
    SlopeVerdict v = verdict(series(50, 10_000, 300, 2), 1024, 2048);
    assertThat(v.verdict()).isEqualTo(SlopeVerdict.LEAK);
    assertThat(v.slopePerHour()).isCloseTo(10_000, within(1_000.0));
  }

  @Test
  void anIntervalAcrossTheAllowedGrowthIsInconclusive() {
    // ~2,100 KiB over 50 minutes against 2,048 allowed, samples alternating 3 MiB above and below.
    List<double[]> points = new ArrayList<>();
    for (int m = 0; m <= 50; m++) {
      points.add(new double[] {m / 60.0, 50_000 + 2_500 * m / 60.0 + (m % 2 == 0 ? 3_000 : -3_000)});
    }
    SlopeVerdict v = verdict(points, 1024, 2048);
    assertThat(v.lowerPerHour() * v.windowHours()).isLessThan(2048);
    assertThat(v.upperPerHour() * v.windowHours()).isGreaterThan(2048);
    assertThat(v.verdict()).isEqualTo(SlopeVerdict.INCONCLUSIVE);
  }

  @Test
  void aShortRunAllowsTheFloorNotTheHourlyRate() {
    // 2 minutes growing at 30 MiB/h: 1 MiB in the window, under the 2 MiB floor.
    List<double[]> points = series(2, 30 * 1024, 0, 4);
    SlopeVerdict v = verdict(points, 1024, 2048);
    assertThat(v.verdict()).isEqualTo(SlopeVerdict.NO_LEAK);
    assertThat(v.upperPerHour() - v.lowerPerHour()).isLessThan(1); // no residual to speak of: a zero-width interval
  }

  @Test
  void theThresholdWinsOverTheFloorInLongRuns() {
    SlopeVerdict v = verdict(series(600, 0, 10, 5), 1024, 2048);
    assertThat(v.allowedGrowth()).isCloseTo(10 * 1024, within(1e-6));
  }
}
