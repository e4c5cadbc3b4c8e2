package dev.bosun.cli.operation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bosun.cli.Cli;
import dev.bosun.sim.host.KubeletFiles;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;

/**
 * The config-drift guard on lab-sim over real SSH: kubeadm#3049 (an upgrade that drops the node's own kubelet
 * settings) stops the node before its kubelet restart with the diff; bosun retry --restore-config puts it back.
 */
@Execution(ExecutionMode.CONCURRENT) // waits on simulated hosts; overlaps with the other lab tests
@Timeout(value = 10, unit = TimeUnit.MINUTES)
class ConfigDriftTest {

  @TempDir
  Path tmp;

  @Test
  void testLostKubeletSettingsStopTheNodeWithTheDiffAndRestoreConfigLetsItFinish()
      throws Exception {
    try (LabServer s = LabServer.start(tmp, "lab1", 1, 2)) {
      s.lab.faults().loseKubeletSettings("w-1");
      String[] at = {"--address", s.address()};

      Cli.Result start = Cli.run("upgrade", "-i", s.inventory(), "--to", "v1.31.2", at[0], at[1]);

      assertThat(start.exit()).as(start.toString()).isEqualTo(5);
      assertThat(start.out())
          .contains(
              "w-1 failed at kubelet-restart (attempt 1)",
              "configuration drift on w-1 after its upgrade (3 changes",
              "/var/lib/kubelet/config.yaml: maxPods 150 → (removed)",
              "/var/lib/kubelet/config.yaml: systemReserved.cpu 500m → (removed)",
              "/var/lib/kubelet/config.yaml: systemReserved.memory 512Mi → (removed)",
              "bosun retry w-1 --cluster lab1");
      // the pause image moved 3.9 → 3.10 in kubeadm-flags.env and the control plane's images
      // changed: not drift
      assertThat(start.out()).doesNotContain("pod-infra-container-image", "cp-1 failed");
      var w1 = s.lab.state().host("w-1");
      assertThat(w1.files().get(KubeletFiles.CONFIG)).doesNotContain("maxPods");
      assertThat(s.lab.commandLog().matching("systemctl restart kubelet"))
          .as("w-1's kubelet never restarted on the drifted config")
          .noneMatch(c -> c.host().equals("w-1"));

      assertThat(s.lab.state().host("w-1").files())
          .as("the copy taken before w-1's upgrade")
          .containsKey("/var/lib/bosun/config-before-upgrade/config.yaml");

      Cli.Result both = Cli.run(
          "retry", "w-1", "--cluster", "lab1", "--accept-drift", "--restore-config", at[0], at[1]);
      assertThat(both.exit()).as(both.toString()).isEqualTo(2);
      assertThat(both.err()).contains("one answer to a drift, not both");

      Cli.Result restore =
          Cli.run("retry", "w-1", "--cluster", "lab1", "--restore-config", at[0], at[1]);
      assertThat(restore.exit()).as(restore.toString()).isEqualTo(0);
      assertThat(restore.out())
          .contains(
              "retrying w-1 from step kubelet-restart (attempt 2), /var/lib/kubelet/config.yaml restored first");

      Cli.Result watch = Cli.run("watch", "bosun:lab1", "--plain", at[0], at[1]);
      assertThat(watch.exit()).as(watch.toString()).isEqualTo(0);
      assertThat(watch.out()).contains("Upgrade lab1 v1.30.6 → v1.31.2: Completed");
      assertThat(s.versions()).containsExactly("cp-1=v1.31.2", "w-1=v1.31.2", "w-2=v1.31.2");
      assertThat(w1.files().get(KubeletFiles.CONFIG)).contains("maxPods: 150");
    }
  }
}
