package dev.bosun.cli.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.bosun.cli.Cli;
import dev.bosun.sim.CommandRecord;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Scenario 6: the worker process is SIGKILLed while {@code kubeadm init} runs on the first control plane of a cluster
 * being built on VMs; a new worker takes over and the init completes: every node Ready, kubeadm init interrupted once
 * and then run to completion exactly once, and no VM created twice.
 */
@ExtendWith(E2eExtension.class)
@Timeout(value = 10, unit = TimeUnit.MINUTES)
class Scenario6InitWorkerCrashE2eTest {

  @Test
  void testWorkerKilledInsideKubeadmInitIsReplacedAndTheInitCompletes(E2eEnvironment env)
      throws Exception {
    try (E2eLab lab = E2eLab.startForInit(env, "e2e-init-kill", 1, 2)) {
      lab.sim
          .faults()
          .hang("cp-1", "kubeadm init", null); // until cleared, or until its SSH channel closes
      CompletableFuture<Cli.Result> init =
          env.bosunAsync("init", "-i", lab.inventory(), "--watch", "--plain");

      await("kubeadm init running on cp-1")
          .atMost(Duration.ofMinutes(2))
          .pollInterval(Duration.ofMillis(100))
          .until(() -> hangs(lab));
      env.killWorker();
      CommandRecord interrupted = await("the interrupted init in the command log")
          .atMost(Duration.ofSeconds(20))
          .until(() -> lab.commands("cp-1", "kubeadm init --config"), l -> !l.isEmpty())
          .get(0);
      assertThat(interrupted.exitCode()).isEqualTo(-1);
      lab.sim.faults().clear();
      env.startWorker();

      Cli.Result done = init.get(4, TimeUnit.MINUTES);
      assertThat(done.exit()).as(done.toString()).isZero();
      for (String node : List.of("cp-1", "w-1", "w-2")) {
        assertThat(lab.sim.state().nodeReady(node)).as(node + " Ready").isTrue();
      }
      assertThat(lab.sim.state().hosts())
          .as("three hypervisor hosts and one VM per node, none twice")
          .hasSize(6);
      assertThat(lab.commands("cp-1", "kubeadm init --config"))
          .extracting(CommandRecord::exitCode)
          .as("init interrupted by the kill, then run to completion exactly once")
          .containsExactly(-1, 0);
    }
  }

  /** cp-1 exists and its kubeadm init is hanging: the command started and has not ended. */
  private static boolean hangs(E2eLab lab) {
    try {
      return lab.sim.state().hosts().stream().anyMatch(h -> h.name().equals("cp-1"))
          && lab.sim.commandLog().forHost("cp-1").stream()
              .noneMatch(c -> c.command().contains("kubeadm init --config"))
          && lab.sim.state().file("cp-1", "/etc/kubernetes/bosun-init.yaml") != null;
    } catch (RuntimeException e) {
      return false;
    }
  }
}
