package dev.bosun.cli.bench;

import java.time.Duration;
import picocli.CommandLine.Option;

/** The demo drill lab's one knob, shared by {@code bench backup} and {@code bench drill}. */
public final class DrillLabOptions {

  @Option(
      names = "--latency-ms",
      defaultValue = "20",
      description = "Fixed latency of every host command, ms (default ${DEFAULT-VALUE}).")
  long latencyMs;

  /** The latency, refused when negative (as the lab benchmarks' LabOptions refuses it). */
  Duration latency() {
    if (latencyMs < 0) {
      throw new IllegalArgumentException("--latency-ms must be >= 0, was " + latencyMs);
    }
    return Duration.ofMillis(latencyMs);
  }
}
