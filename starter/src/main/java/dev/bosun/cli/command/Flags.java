package dev.bosun.cli.command;

import dev.bosun.workflows.model.Durations;
import dev.bosun.workflows.rules.Syntax;
import java.time.Duration;
import java.util.function.Supplier;

/**
 * A flag's value read by the domain's own rule, its error prefixed with the flag's name: bad input exits 2 naming the
 * flag and the rule, before anything starts.
 */
final class Flags {

  private Flags() {}

  static <T> T parse(String flag, Supplier<T> parse) {
    try {
      return parse.get();
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(flag + ": " + e.getMessage());
    }
  }

  /** 30s, 10m, 1h, 7d ({@link Durations}). */
  static Duration duration(String flag, String text) {
    return parse(flag, () -> Durations.parse(text));
  }

  /**
   * {@code --cluster}: the inventory's rule for a cluster name; null passes. The value is not echoed: it lands in the
   * terminal as given (control characters, 100 KB).
   */
  static String cluster(String cluster) {
    if (cluster != null && !Syntax.isLabel(cluster)) {
      throw new IllegalArgumentException(
          "--cluster is not a valid cluster name: " + Syntax.LABEL_RULE);
    }
    return cluster;
  }
}
