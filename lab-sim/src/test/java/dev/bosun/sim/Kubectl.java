package dev.bosun.sim;

import dev.bosun.sim.testbed.TestBed;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;

/** The kubectl the interop tests run: the test bed's own (same version as its API server), else one on this machine. */
final class Kubectl {

  private Kubectl() {}

  static Path path() {
    TestBed.Availability bed = TestBed.find();
    if (bed.available()) {
      return bed.binary("kubectl");
    }
    Path system = Path.of("/usr/bin/kubectl");
    Assumptions.assumeTrue(
        Files.isExecutable(system),
        () -> "no kubectl: the test bed is not built (" + bed.reason()
            + ") and there is none at /usr/bin/kubectl");
    return system;
  }
}
