package dev.bosun.sim.testbed;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/** Throwaway probe: the real velero install's output. */
class VeleroInstallProbeTest {
  @Test
  void probe() throws Exception {
    Assumptions.assumeTrue(TestBed.find().available() && TestBed.velero().available());
    KubeControlPlane cp = KubeControlPlane.shared();
    Files.writeString(
        Path.of("/tmp/cred"), "[default]\naws_access_key_id=a\naws_secret_access_key=b\n");
    for (String ns : List.of("velprobe", "velprobe")) {
      Process p = new ProcessBuilder(
              TestBed.velero().velero().toString(),
              "install",
              "--kubeconfig",
              cp.kubeconfigPath().toString(),
              "--namespace",
              ns,
              "--provider",
              "aws",
              "--plugins",
              "velero/velero-plugin-for-aws:v1.14.3",
              "--bucket",
              "velero",
              "--backup-location-config",
              "region=us-east-1,s3ForcePathStyle=true,s3Url=http://127.0.0.1:9",
              "--secret-file",
              "/tmp/cred",
              "--use-volume-snapshots=false")
          .redirectOutput(new java.io.File("/tmp/velero-install-" + System.nanoTime() + ".out"))
          .redirectError(new java.io.File("/tmp/velero-install-" + System.nanoTime() + ".err"))
          .start();
      System.out.println("exit " + p.waitFor());
    }
  }
}
