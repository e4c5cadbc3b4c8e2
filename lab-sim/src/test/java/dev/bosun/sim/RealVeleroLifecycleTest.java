package dev.bosun.sim;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bosun.sim.LabSpec.ApiBackend;
import dev.bosun.sim.shell.Result;
import dev.bosun.sim.testbed.TestBed;
import dev.bosun.sim.velero.VeleroApi;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * On the real backend lab-sim plays the kubelet of the Deployment {@code velero install} creates: the real server
 * runs once the install returns and stops with {@code kubeadm reset} of that host, as the pod would. Skips with the
 * reason where the test bed or its Velero is not built.
 */
@Timeout(180)
class RealVeleroLifecycleTest {

  @TempDir
  Path dir;

  @Test
  void theServerRunsAfterTheInstallAndStopsWithKubeadmReset() throws Exception {
    RealBackend.assumeAvailable(ApiBackend.REAL);
    TestBed.VeleroAvailability velero = TestBed.velero();
    Assumptions.assumeTrue(velero.available(), () -> "real Velero: " + velero.reason());
    try (LabSim lab =
        LabSim.start(LabSpec.of("vl", 1, 1, "v1.30.6", dir).withApi(ApiBackend.REAL))) {
      Files.createDirectories(lab.s3Dir().resolve("velero"));
      lab.run("cp-1", "tee /tmp/credentials-velero", lab.s3Credentials());
      Result install = lab.run("cp-1", VeleroApi.installLine(lab.s3Url(), false));
      assertThat(install.exitCode()).as(install.stderr()).isZero();
      assertThat(servers(dir)).hasSize(1);

      assertThat(lab.run("cp-1", "sudo -n kubeadm reset -f").exitCode()).isZero();
      assertThat(servers(dir)).isEmpty();
    }
  }

  /** The `velero server` processes whose scratch directory (VELERO_SCRATCH_DIR) is under this lab's. */
  private static List<ProcessHandle> servers(Path labDir) {
    return ProcessHandle.allProcesses()
        .filter(ProcessHandle::isAlive)
        .filter(p -> p.info().commandLine().orElse("").contains("velero server"))
        .filter(p -> environment(p).contains("VELERO_SCRATCH_DIR=" + labDir))
        .toList();
  }

  private static String environment(ProcessHandle p) {
    try {
      return new String(Files.readAllBytes(Path.of("/proc", Long.toString(p.pid()), "environ")))
          .replace('\0', '\n');
    } catch (java.io.IOException e) {
      return "";
    }
  }
}
