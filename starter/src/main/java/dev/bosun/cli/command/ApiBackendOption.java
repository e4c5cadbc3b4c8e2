package dev.bosun.cli.command;

import dev.bosun.sim.LabSpec.ApiBackend;
import dev.bosun.sim.testbed.TestBed;
import java.io.PrintWriter;

/**
 * {@code --api sim|real} of the lab commands: the lab's Kubernetes API is lab-sim's own simulation (Java only) or
 * a real control plane from the test bed, which is built here when missing (and says so, with what it costs).
 */
final class ApiBackendOption {

  static final String DESCRIPTION =
      "The lab's Kubernetes API: sim (lab-sim's own, Java only) or real (kube-apiserver, "
          + "controller-manager, scheduler, etcd and kwok from the test bed; built by testbed/install on first use, "
          + "about 10 minutes on 2 cores, then a fraction of a second). Default: ${DEFAULT-VALUE}.";

  private ApiBackendOption() {}

  static ApiBackend parse(String value) {
    try {
      return ApiBackend.parse(value);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("--api must be sim or real, got '" + value + "'");
    }
  }

  /** For {@code real}: builds the test bed when it is missing, telling the user first. */
  static void prepare(ApiBackend backend, PrintWriter err) {
    if (backend != ApiBackend.REAL) {
      return;
    }
    TestBed.Availability bed = TestBed.find();
    if (bed.available()) {
      return;
    }
    if (TestBed.installScript().isEmpty()) {
      throw new IllegalArgumentException("--api real: " + bed.reason());
    }
    err.println(
        "--api real: the test bed is not built yet; building it now with testbed/install "
            + "(about 10 minutes on a 2-core machine the first time, a fraction of a second afterwards)…");
    err.flush();
    long start = System.nanoTime();
    TestBed.build(line -> {
      err.println("  " + line);
      err.flush();
    });
    err.println(
        "--api real: test bed ready in " + (System.nanoTime() - start) / 1_000_000_000 + " s");
    err.flush();
  }
}
