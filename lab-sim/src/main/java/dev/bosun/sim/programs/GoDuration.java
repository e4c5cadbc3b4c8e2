package dev.bosun.sim.programs;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Go's time.ParseDuration for the units kubeadm's flags take (h, m, s): "15m", "1h30m", "0" (never expires). */
public final class GoDuration {

  private static final Pattern PART = Pattern.compile("(\\d+)(h|m|s)");

  private GoDuration() {}

  public static Duration parse(String text, Duration absent) {
    if (text == null) {
      return absent;
    }
    if (text.equals("0")) {
      return Duration.ZERO;
    }
    Matcher m = PART.matcher(text);
    Duration d = Duration.ZERO;
    int end = 0;
    while (m.find() && m.start() == end) {
      long n = Long.parseLong(m.group(1));
      d = d.plus(
          switch (m.group(2)) {
            case "h" -> Duration.ofHours(n);
            case "m" -> Duration.ofMinutes(n);
            default -> Duration.ofSeconds(n);
          });
      end = m.end();
    }
    if (end == 0 || end != text.length()) {
      throw new IllegalArgumentException("time: invalid duration \"" + text + "\"");
    }
    return d;
  }
}
