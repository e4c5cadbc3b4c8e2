package dev.bosun.workflows.model;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The duration syntax operators write: 30s, 10m, 1h, 1h30m, 500ms, 0. */
public final class Durations {

  private static final Pattern PART = Pattern.compile("(\\d+)(ms|s|m|h|d)");

  private Durations() {}

  public static boolean isValid(String text) {
    try {
      parse(text);
      return true;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  public static Duration parse(String text) {
    if (text == null || text.isBlank()) {
      throw new IllegalArgumentException(
          "duration must look like 30s, 10m, 1h or 1h30m, got an empty value");
    }
    String t = text.trim();
    if (t.equals("0")) {
      return Duration.ZERO;
    }
    Matcher m = PART.matcher(t);
    Duration total = Duration.ZERO;
    int pos = 0;
    while (m.find()) {
      if (m.start() != pos) {
        break;
      }
      long n = Long.parseLong(m.group(1));
      total = total.plus(
          switch (m.group(2)) {
            case "ms" -> Duration.ofMillis(n);
            case "s" -> Duration.ofSeconds(n);
            case "m" -> Duration.ofMinutes(n);
            case "h" -> Duration.ofHours(n);
            default -> Duration.ofDays(n);
          });
      pos = m.end();
    }
    if (pos != t.length() || pos == 0) {
      throw new IllegalArgumentException(
          "duration must look like 30s, 10m, 1h or 1h30m, got '" + text + "'");
    }
    return total;
  }

  /** The short form back: 600s -> "10m", 5400s -> "1h30m". */
  public static String format(Duration d) {
    if (d == null) {
      return "-";
    }
    if (d.isZero()) {
      return "0s";
    }
    StringBuilder sb = new StringBuilder();
    long ms = d.toMillis();
    long h = ms / 3_600_000;
    long m = (ms % 3_600_000) / 60_000;
    long s = (ms % 60_000) / 1000;
    long rest = ms % 1000;
    if (h > 0) sb.append(h).append('h');
    if (m > 0) sb.append(m).append('m');
    if (s > 0) sb.append(s).append('s');
    if (rest > 0 && h == 0 && m == 0) sb.append(rest).append("ms");
    return sb.toString();
  }
}
