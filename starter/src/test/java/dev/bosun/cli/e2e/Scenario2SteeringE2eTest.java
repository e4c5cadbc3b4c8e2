package dev.bosun.cli.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.bosun.cli.Cli;
import dev.bosun.workflows.Phase;
import dev.bosun.workflows.upgrade.UpgradeProgress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Scenario 2: {@code bosun pause}, {@code resume} and {@code approve} change what the workflow does and what its
 * progress says: an approval gate before the workers holds every worker; a pause holds the next node (at the gate
 * and between batches) while nodes in flight finish; resume and approve let it go on to the end.
 */
@ExtendWith(E2eExtension.class)
@Timeout(
    value = 10,
    unit = TimeUnit.MINUTES) // a hung watch or server fails the test instead of hanging CI
class Scenario2SteeringE2eTest {

  static final Duration QUIET = Duration.ofSeconds(2);

  @Test
  void testApprovalGateAndPauseHoldTheNextNodeUntilApproveAndResume(E2eEnvironment env)
      throws Exception {
    try (E2eLab lab = E2eLab.start(env, "e2e-steer", 1, 2)) {
      String cluster = lab.cluster();
      Upgrades upgrades = new Upgrades(env, cluster);
      CompletableFuture<Cli.Result> upgrade = env.bosunAsync(
          "upgrade",
          "-i",
          lab.inventory(),
          "--to",
          E2eLab.TARGET,
          "--approval",
          "before-workers",
          "--max-unavailable",
          "1");

      // the gate: the control plane is done, no worker is touched
      UpgradeProgress atGate = await("AwaitingApproval")
          .atMost(Duration.ofMinutes(1))
          .pollInterval(Duration.ofMillis(200))
          .ignoreExceptions()
          .until(upgrades::progress, p -> Phase.AWAITING_APPROVAL == p.phase());
      assertThat(atGate.gate()).isEqualTo("before-workers");
      assertThat(upgrades.row("cp-1").state()).isEqualTo("upgraded");
      assertThat(List.of(upgrades.row("w-1").state(), upgrades.row("w-2").state()))
          .containsOnly("pending");
      assertNoWorkerTouched(lab, upgrades, "w-1", "w-2");
      // bosun upgrade without --watch stops at the gate: exit 5 and the command that answers it
      Cli.Result stoppedAtGate = upgrade.get(1, TimeUnit.MINUTES);
      assertThat(stoppedAtGate.exit()).as(stoppedAtGate.toString()).isEqualTo(5);
      assertThat(stoppedAtGate.out())
          .contains("approval gate before-workers is open", "bosun approve --cluster " + cluster);

      // pause at the gate, then approve: the gate opens but the pause holds the workers
      Cli.Result pause =
          env.bosun("pause", "--cluster", cluster, "--reason", "e2e: hold the workers");
      assertThat(pause.exit()).as(pause.toString()).isZero();
      assertThat(pause.out()).contains("paused");
      assertThat(upgrades.progress().paused()).isTrue();
      assertThat(upgrades.progress().pauseReason()).isEqualTo("e2e: hold the workers");

      Cli.Result approve =
          env.bosun("approve", "--cluster", cluster, "--note", "control plane looks fine");
      assertThat(approve.exit()).as(approve.toString()).isZero();
      assertThat(approve.out()).contains("approved before-workers: control plane looks fine");
      await("Paused")
          .atMost(Duration.ofSeconds(20))
          .until(() -> upgrades.progress().phase(), Phase.PAUSED::equals);
      assertThat(upgrades.progress().gate()).isNull();
      await("no worker starts while paused")
          .during(QUIET)
          .atMost(QUIET.multipliedBy(3))
          .until(() -> !upgrades.childStarted("w-1"));
      assertNoWorkerTouched(lab, upgrades, "w-1", "w-2");

      // resume: w-1 starts; hold it inside kubeadm upgrade node and pause between the batches
      lab.sim.faults().hang("w-1", "kubeadm upgrade node", null);
      Cli.Result resume = env.bosun("resume", "--cluster", cluster);
      assertThat(resume.exit()).as(resume.toString()).isZero();
      await("w-1 in kubeadm-upgrade")
          .atMost(Duration.ofMinutes(1))
          .pollInterval(Duration.ofMillis(200))
          .ignoreExceptions()
          .until(() -> "kubeadm-upgrade".equals(upgrades.childRow("w-1").step()));
      assertThat(upgrades.progress().paused()).isFalse();

      Cli.Result pauseBetween =
          env.bosun("pause", "--cluster", cluster, "--reason", "e2e: between batches");
      assertThat(pauseBetween.exit()).as(pauseBetween.toString()).isZero();
      lab.sim.faults().clear();
      // the node in flight finishes; the next batch does not start
      await("w-1 upgraded, then Paused")
          .atMost(Duration.ofMinutes(1))
          .pollInterval(Duration.ofMillis(200))
          .until(
              upgrades::progress,
              p -> "upgraded".equals(rowState(p, "w-1")) && Phase.PAUSED == p.phase());
      await("w-2 does not start while paused")
          .during(QUIET)
          .atMost(QUIET.multipliedBy(3))
          .until(() -> !upgrades.childStarted("w-2"));
      assertThat(upgrades.row("w-2").state()).isEqualTo("pending");
      assertThat(lab.versions().get("w-2")).isEqualTo(E2eLab.FROM);
      assertNoWorkerTouched(lab, upgrades, "w-2");

      Cli.Result resumeAgain = env.bosun("resume", "--cluster", cluster);
      assertThat(resumeAgain.exit()).as(resumeAgain.toString()).isZero();
      Cli.Result done = env.bosun("watch", upgrades.id(), "--plain");
      assertThat(done.exit()).as(done.toString()).isZero();
      assertThat(done.out()).contains("Completed");
      assertThat(lab.versions()).isEqualTo(lab.allAt(E2eLab.TARGET));
      assertThat(lab.cordoned()).isEmpty();
      assertThat(lab.mutatingCommandsCompletedTwice()).isEmpty();
    }
  }

  static String rowState(UpgradeProgress p, String node) {
    return p.nodes().stream()
        .filter(r -> r.node().equals(node))
        .findFirst()
        .orElseThrow()
        .state();
  }

  /** No child workflow and no mutating host command on these workers. */
  static void assertNoWorkerTouched(E2eLab lab, Upgrades upgrades, String... workers) {
    for (String w : workers) {
      assertThat(upgrades.childStarted(w)).as("%s has a child workflow", w).isFalse();
      assertThat(lab.sim.commandLog().forHost(w))
          .as("mutating commands on %s", w)
          .noneMatch(
              r -> E2eLab.MUTATING.stream().anyMatch(p -> p.matcher(r.command()).find()));
      assertThat(lab.sim.state().nodeUnschedulable(w)).as("%s cordoned", w).isFalse();
    }
  }
}
