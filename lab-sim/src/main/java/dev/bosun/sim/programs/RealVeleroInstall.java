package dev.bosun.sim.programs;

import dev.bosun.sim.LabState;
import dev.bosun.sim.kube.RealCluster;
import dev.bosun.sim.shell.Result;
import dev.bosun.sim.testbed.KubeControlPlane;
import dev.bosun.sim.testbed.TestBed;
import dev.bosun.sim.testbed.TestBedException;
import dev.bosun.sim.testbed.VeleroServer;
import dev.bosun.sim.velero.VeleroInstall;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * {@code velero install} on the real backend: the test bed's own Velero CLI installs into the lab's real control
 * plane (its stdout, stderr and exit code are the answer), then lab-sim plays the kubelet for the Deployment
 * {@code velero} by starting the real server for that namespace ({@link VeleroServer#attach}), adopted by the lab:
 * stopped on {@code kubeadm reset} of the host or when the lab closes.
 */
final class RealVeleroInstall {

  private RealVeleroInstall() {}

  static Result run(
      LabState state,
      VeleroInstall.Options o,
      byte[] credentials,
      Map<String, String> flags,
      boolean wait,
      String host) {
    TestBed.VeleroAvailability velero = TestBed.velero();
    if (!velero.available()) {
      return Result.fail(
          1, "velero: lab-sim's real backend has no Velero: " + velero.reason() + "\n");
    }
    KubeControlPlane cp = ((RealCluster) state.cluster()).controlPlane();
    try {
      Path dir = Files.createDirectories(state.workDir().resolve("velero-" + o.namespace()));
      List<String> command = new ArrayList<>(List.of(velero.velero().toString(), "install"));
      for (Map.Entry<String, String> f : flags.entrySet()) {
        String value = switch (f.getKey()) {
          case "--kubeconfig" -> cp.kubeconfigPath().toString();
          case "--secret-file" -> secretFile(dir, credentials).toString();
          default -> f.getValue();
        };
        command.add(f.getKey() + "=" + value);
      }
      Process p = new ProcessBuilder(command).start();
      p.getOutputStream().close();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!p.waitFor(5, TimeUnit.MINUTES)) {
        p.destroyForcibly();
        return Result.fail(
            1, out + err + "velero: lab-sim gave up on the install after 5 minutes\n");
      }
      if (p.exitValue() != 0) {
        return new Result(p.exitValue(), out, err);
      }
      if (credentials != null) {
        state.stopProcesses(host + "/velero/" + o.namespace());
        state.adoptProcess(
            host + "/velero/" + o.namespace(),
            VeleroServer.attach(velero, cp, o.namespace(), credentials, dir.resolve("server")));
      }
      return new Result(0, out, err);
    } catch (IOException | TestBedException e) {
      return Result.fail(
          1, "velero: lab-sim could not run the real Velero: " + e.getMessage() + "\n");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Result.fail(130, "");
    }
  }

  private static Path secretFile(Path dir, byte[] credentials) throws IOException {
    Path f = dir.resolve("credentials-velero");
    Files.write(f, credentials == null ? new byte[0] : credentials);
    f.toFile().setReadable(false, false);
    f.toFile().setReadable(true, true);
    return f;
  }
}
