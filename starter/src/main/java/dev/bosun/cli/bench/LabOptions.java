package dev.bosun.cli.bench;

import dev.bosun.sim.LabSpec;
import java.nio.file.Path;
import java.time.Duration;
import picocli.CommandLine.Option;

/** The lab a rolling-upgrade benchmark runs on. */
public final class LabOptions {

  @Option(
      names = "--control-planes",
      defaultValue = "3",
      description = "Control planes (default ${DEFAULT-VALUE}).")
  int controlPlanes;

  @Option(
      names = "--workers",
      defaultValue = "47",
      description = "Workers (default ${DEFAULT-VALUE}).")
  int workers;

  @Option(
      names = "--max-unavailable",
      defaultValue = "5",
      description = "Workers upgraded at once (default ${DEFAULT-VALUE}).")
  String maxUnavailable;

  @Option(
      names = "--latency-ms",
      defaultValue = "200",
      description = "Fixed latency of every host command, ms (default ${DEFAULT-VALUE}).")
  long latencyMs;

  @Option(
      names = "--not-ready-ms",
      defaultValue = "2000",
      description = "NotReady window after a kubelet restart, ms (default ${DEFAULT-VALUE}).")
  long notReadyMs;

  void validate() {
    if (controlPlanes < 1 || workers < 0 || latencyMs < 0 || notReadyMs < 0) {
      throw new IllegalArgumentException(
          "--control-planes must be >= 1; --workers, --latency-ms and --not-ready-ms must be >= 0");
    }
  }

  LabSpec spec(String cluster, Path dir) {
    return LabSpec.of(cluster, controlPlanes, workers, "v1.30.6", dir)
        .withCommandLatency(Duration.ofMillis(latencyMs))
        .withNotReadyWindow(Duration.ofMillis(notReadyMs));
  }

  String flags() {
    return "--control-planes " + controlPlanes + " --workers " + workers + " --max-unavailable "
        + maxUnavailable + " --latency-ms " + latencyMs + " --not-ready-ms " + notReadyMs;
  }

  String describe() {
    return "Lab: " + controlPlanes + " control planes + " + workers
        + " workers (lab-sim, v1.30.6 → " + BosunUpgrade.TARGET
        + ", 2 app pods per worker with 1 s termination grace, `web` behind a PDB maxUnavailable 1), maxUnavailable "
        + maxUnavailable
        + ", fixed latency " + latencyMs + " ms per host command, NotReady window " + notReadyMs
        + " ms after each kubelet restart.";
  }
}
