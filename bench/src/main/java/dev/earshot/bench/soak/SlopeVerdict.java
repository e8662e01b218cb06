package dev.earshot.bench.soak;

import java.util.List;
import java.util.function.ToDoubleFunction;
import org.apache.commons.math3.stat.regression.SimpleRegression;

/**
 * A series' trend after the warm-up: the least-squares slope of value over time with its 95 %
 * confidence interval (Apache Commons Math {@link SimpleRegression}, Student's t with n-2 degrees
 * of freedom), turned into growth over the measured window and compared with the growth the series
 * is allowed there, {@code max(floor, thresholdPerHour × window)}: {@code leak} when the whole
 * interval lies above it, {@code no leak} when the whole interval lies at or below it,
 * {@code inconclusive} when it straddles it (run longer).
 *
 * <p>The floor is what the series moves by on its own (a heap after GC by a few MiB with caches
 * and JIT data, resident memory by tens of MiB with code cache and malloc arenas); without it, a
 * short run would extrapolate every warm-up effect into a leak. So a short run detects fast leaks
 * only, and a longer one slower ones: the verdict is about the run it comes from.
 */
record SlopeVerdict(String series, String unit, double thresholdPerHour, double floor, int samples, double windowHours,
    double first, double last, double slopePerHour, double lowerPerHour, double upperPerHour, double allowedGrowth,
    String verdict) {

  static final String LEAK = "leak";
  static final String NO_LEAK = "no leak";
  static final String INCONCLUSIVE = "inconclusive";

  static <T> SlopeVerdict of(String series, String unit, double thresholdPerHour, double floor, List<T> samples,
      ToDoubleFunction<T> hours, ToDoubleFunction<T> value) {
    if (samples.size() < 3) {
      throw new IllegalStateException(series + ": " + samples.size() + " samples after the warm-up, at least 3 needed");
    }
    SimpleRegression regression = new SimpleRegression();
    for (T sample : samples) {
      regression.addData(hours.applyAsDouble(sample), value.applyAsDouble(sample));
    }
    double slope = regression.getSlope();
    // A perfectly flat or perfectly linear series has no residual: a zero-width interval.
    double halfWidth = regression.getSumSquaredErrors() > 0 ? regression.getSlopeConfidenceInterval(0.05) : 0;
    double lower = slope - halfWidth;
    double upper = slope + halfWidth;
    double window = hours.applyAsDouble(samples.get(samples.size() - 1)) - hours.applyAsDouble(samples.get(0));
    double allowed = Math.max(floor, thresholdPerHour * window);
    String verdict = lower * window > allowed ? LEAK : upper * window <= allowed ? NO_LEAK : INCONCLUSIVE;
    double first = value.applyAsDouble(samples.get(0));
    double last = value.applyAsDouble(samples.get(samples.size() - 1));
    return new SlopeVerdict(series, unit, thresholdPerHour, floor, samples.size(), window, first, last, slope, lower, upper,
        allowed, verdict);
  }
}
