package dev.bosun.cli.operation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bosun.cli.Cli;
import dev.bosun.sim.CommandRecord;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;

/**
 * A minor-version chain through the command line against a server: a node that fails in hop 2 stops the start
 * (exit 5) with the commands to answer it; {@code bosun retry} goes to the running hop and resumes that node of that
 * hop; watch follows the chain to its report of both hops.
 */
@Timeout(value = 10, unit = TimeUnit.MINUTES)
@Execution(ExecutionMode.CONCURRENT) // its own lab and server; overlaps with the other lab tests
class ChainFlowTest {

  @TempDir
  Path tmp;

  @Test
  void testAFailedNodeInHop2IsRetriedThereAndTheChainCompletes() throws Exception {
    try (LabServer s = LabServer.start(tmp.resolve("chain"), "lab1", 1, 2)) {
      // only hop 2 installs kubeadm 1.32.4: every such install on w-1 fails until the fault is
      // cleared
      s.lab
          .faults()
          .failRun("w-1", "/kubeadm=1\\.32\\.4/", 0, 100, "E: Failed to fetch kubeadm_1.32.4");
      String[] at = {"--address", s.address()};

      Cli.Result start = Cli.run("upgrade", "-i", s.inventory(), "--to", "v1.32.4", at[0], at[1]);
      assertThat(start.exit()).as(start.toString()).isEqualTo(5);
      assertThat(start.out())
          .contains("w-1 failed at kubeadm-package", "bosun retry w-1 --cluster lab1");

      s.lab.faults().clear();
      Cli.Result retry = Cli.run("retry", "w-1", "--cluster", "lab1", at[0], at[1]);
      assertThat(retry.exit()).as(retry.toString()).isEqualTo(0);
      assertThat(retry.out())
          .contains("bosun:lab1:upgrade:v1.32.4: retrying w-1 from step kubeadm-package");

      Cli.Result watch = Cli.run("watch", "bosun:lab1", "--plain", at[0], at[1]);
      assertThat(watch.exit()).as(watch.toString()).isEqualTo(0);
      assertThat(watch.out())
          .contains(
              "Upgrade lab1 v1.30.6 → v1.32.4: Completed (every node runs v1.32.4 after 2 hops)",
              "HOP   FROM      TO        RESULT",
              "1     v1.30.6   v1.31.9   Completed      3",
              "2     v1.31.9   v1.32.4   Completed      3");
      assertThat(s.versions()).containsExactly("cp-1=v1.32.4", "w-1=v1.32.4", "w-2=v1.32.4");
      assertThat(s.cordoned()).isEmpty();
      assertThat(s.lab.commandLog().matching("kubeadm upgrade node").stream()
              .map(CommandRecord::host)
              .filter("w-1"::equals))
          .as("hop 1 is not redone on w-1: once per hop")
          .hasSize(2);
    }
  }
}
