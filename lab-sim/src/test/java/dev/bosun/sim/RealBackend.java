package dev.bosun.sim;

import dev.bosun.sim.LabSpec.ApiBackend;
import dev.bosun.sim.testbed.TestBed;
import org.junit.jupiter.api.Assumptions;

/** Tests on the real API backend skip, with the reason, where the test bed is not built (no Go, or not installed yet). */
final class RealBackend {

  private RealBackend() {}

  static void assumeAvailable(ApiBackend backend) {
    if (backend == ApiBackend.REAL) {
      TestBed.Availability bed = TestBed.find();
      Assumptions.assumeTrue(bed.available(), () -> "real API backend: " + bed.reason());
    }
  }
}
