package dev.bosun.cli.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.bosun.cli.Cli;
import dev.bosun.workflows.Phase;
import dev.bosun.workflows.upgrade.UpgradeProgress;
import io.temporal.client.WorkflowExecutionMetadata;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Scenario 5: a worker's kubelet install fails (dpkg lock held) under {@code onNodeFailure: wait-for-operator}.
 * Two labs at once: one is answered with {@code bosun retry} after the fault is cleared and completes; the other
 * with {@code bosun abort} and ends compensated.
 */
@ExtendWith(E2eExtension.class)
@Timeout(
    value = 10,
    unit = TimeUnit.MINUTES) // a hung watch or server fails the test instead of hanging CI
class Scenario5NodeFailureE2eTest {

  /** Only the install of the target's kubelet fails: the rollback to v1.30 packages is not hit. */
  static final String KUBELET_INSTALL = "/^apt-get install.*kubelet=1\\.31/";

  static final String DPKG_LOCK =
      "E: Could not get lock /var/lib/dpkg/lock-frontend. It is held by process 4242 (apt-get)";

  @Test
  void testFailedWorkerWaitsForTheOperatorThenRetryCompletesAndAbortRollsBack(E2eEnvironment env)
      throws Exception {
    try (E2eLab retried = E2eLab.start(env, "e2e-retry", 1, 2);
        E2eLab aborted = E2eLab.start(env, "e2e-abort", 1, 2)) {
      for (E2eLab lab : List.of(retried, aborted)) {
        lab.sim.faults().failRun("w-1", KUBELET_INSTALL, 0, 100, DPKG_LOCK);
      }
      CompletableFuture<Cli.Result> startRetried = env.bosunAsync(
          "upgrade",
          "-i",
          retried.inventory(),
          "--to",
          E2eLab.TARGET,
          "--on-node-failure",
          "wait-for-operator");
      CompletableFuture<Cli.Result> startAborted = env.bosunAsync(
          "upgrade",
          "-i",
          aborted.inventory(),
          "--to",
          E2eLab.TARGET,
          "--on-node-failure",
          "wait-for-operator");

      // without --watch the command stops at the wait: exit 5 and the commands that answer it
      for (var started : Map.of(retried, startRetried, aborted, startAborted).entrySet()) {
        Cli.Result r = started.getValue().get(2, TimeUnit.MINUTES);
        String cluster = started.getKey().cluster();
        assertThat(r.exit()).as(r.toString()).isEqualTo(5);
        assertThat(r.out())
            .contains(
                "w-1 failed at kubelet-packages",
                "Could not get lock /var/lib/dpkg/lock-frontend",
                "bosun retry w-1 --cluster " + cluster,
                "bosun abort --cluster " + cluster);

        String query = "BosunCluster='" + cluster + "' AND BosunPhase='AwaitingOperator'";
        List<WorkflowExecutionMetadata> waiting = await("visibility: " + query)
            .atMost(Duration.ofSeconds(20))
            .until(() -> Histories.list(env.client(), query), l -> !l.isEmpty());
        assertThat(waiting)
            .singleElement()
            .extracting(m -> m.getExecution().getWorkflowId())
            .isEqualTo("bosun:" + cluster);

        UpgradeProgress p = new Upgrades(env, cluster).progress();
        assertThat(p.phase()).isEqualTo(Phase.AWAITING_OPERATOR);
        assertThat(p.awaiting().node()).isEqualTo("w-1");
        assertThat(p.awaiting().step()).isEqualTo("kubelet-packages");
      }

      // retry: the fault is gone, the node continues from the failed step
      retried.sim.faults().clear();
      Cli.Result retry = env.bosun("retry", "w-1", "--cluster", retried.cluster());
      assertThat(retry.exit()).as(retry.toString()).isZero();
      assertThat(retry.out()).contains("retrying w-1 from step kubelet-packages (attempt 2)");

      // abort: the fault stays (it only hits v1.31 kubelet installs), the rollback reinstalls v1.30
      // packages
      Cli.Result abort =
          env.bosun("abort", "--cluster", aborted.cluster(), "--reason", "e2e gives up on w-1");
      assertThat(abort.exit()).as(abort.toString()).isZero();
      assertThat(abort.out()).contains("aborting");

      CompletableFuture<Cli.Result> watchRetried =
          env.bosunAsync("watch", "bosun:" + retried.cluster(), "--plain");
      Cli.Result watchAborted = env.bosun("watch", "bosun:" + aborted.cluster(), "--plain");
      Cli.Result completed = watchRetried.get(2, TimeUnit.MINUTES);

      assertThat(completed.exit()).as(completed.toString()).isZero();
      assertThat(completed.out()).contains("Completed");
      assertThat(retried.versions()).isEqualTo(retried.allAt(E2eLab.TARGET));
      assertThat(retried.cordoned()).isEmpty();
      assertThat(retried.mutatingCommandsCompletedTwice()).isEmpty();
      assertThat(phaseOf(env, retried.cluster())).isEqualTo("Completed");

      assertThat(watchAborted.exit()).as(watchAborted.toString()).isEqualTo(1);
      assertThat(watchAborted.out())
          .contains("Aborted", "aborted by operator: e2e gives up on w-1");
      assertThat(aborted.versions())
          .as("the control plane is never downgraded; w-1 is back, w-2 never started")
          .isEqualTo(Map.of("cp-1", E2eLab.TARGET, "w-1", E2eLab.FROM, "w-2", E2eLab.FROM));
      assertThat(aborted.packages().get("w-1"))
          .isEqualTo("kubeadm=1.30.6-1.1, kubelet=1.30.6-1.1, kubectl=1.30.6-1.1");
      assertThat(aborted.cordoned()).isEmpty();
      assertThat(new Upgrades(env, aborted.cluster()).childStarted("w-2")).isFalse();
      assertThat(aborted.mutatingCommandsCompletedTwice()).isEmpty();
      assertThat(phaseOf(env, aborted.cluster())).isEqualTo("Aborted");
    }
  }

  /** BosunPhase of the cluster's upgrade as the list view has it (visibility is updated asynchronously). */
  static String phaseOf(E2eEnvironment env, String cluster) {
    String query = "BosunCluster='" + cluster
        + "' AND BosunOperation='upgrade' AND ExecutionStatus!='Running'";
    return await("visibility: " + query)
        .atMost(Duration.ofSeconds(20))
        .until(() -> Histories.list(env.client(), query), l -> l.size() == 1)
        .get(0)
        .getTypedSearchAttributes()
        .get(dev.bosun.workflows.BosunSearchAttributes.PHASE);
  }
}
