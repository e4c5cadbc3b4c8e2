package dev.bosun.cli.bench;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** Medians and the text of a few samples. */
final class Stats {

  private Stats() {}

  static double median(List<Double> samples) {
    if (samples.isEmpty()) {
      throw new IllegalArgumentException("median of no samples");
    }
    List<Double> s = new ArrayList<>(samples);
    Collections.sort(s);
    int n = s.size();
    return n % 2 == 1 ? s.get(n / 2) : (s.get(n / 2 - 1) + s.get(n / 2)) / 2;
  }

  /** "12.3 [11.9–13.0]": median and range, with {@code decimals} digits. */
  static String medianRange(List<Double> samples, int decimals) {
    String f = "%." + decimals + "f";
    return String.format(
        f + " [" + f + "–" + f + "]",
        median(samples),
        Collections.min(samples),
        Collections.max(samples));
  }

  static String fmt(double v, int decimals) {
    return String.format("%." + decimals + "f", v);
  }
}
