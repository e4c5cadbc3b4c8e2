package dev.bosun.cli.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.bosun.cli.Cli;
import dev.bosun.sim.CommandRecord;
import io.temporal.api.enums.v1.EventType;
import io.temporal.api.enums.v1.PendingActivityState;
import io.temporal.api.enums.v1.TimeoutType;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.api.workflow.v1.PendingActivityInfo;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Scenario 3: the worker process is SIGKILLed in the middle of a step, a new one is started, and the upgrade
 * completes: every node at the target, none cordoned, and the lab's command log shows no mutating command
 * completed twice on a host. Two upgrades run side by side, each held inside its step by a lab-sim fault: (a) a
 * worker's drain, blocked by a PDB, and (b) {@code kubeadm upgrade apply}, hung; the one kill lands inside both
 * (checked before the kill from the running activities, after it from the command log), which keeps the suite
 * to one 30 s heartbeat timeout instead of two.
 */
@ExtendWith(E2eExtension.class)
@Timeout(
    value = 10,
    unit = TimeUnit.MINUTES) // a hung watch or server fails the test instead of hanging CI
class Scenario3WorkerCrashE2eTest {

  @Test
  void testWorkerKilledInsideADrainAndInsideKubeadmUpgradeApplyIsReplacedAndBothUpgradesComplete(
      E2eEnvironment env) throws Exception {
    try (E2eLab drain = E2eLab.start(env, "e2e-kill-drain", 1, 2);
        E2eLab apply = E2eLab.start(env, "e2e-kill-apply", 1, 2)) {
      Upgrades draining = new Upgrades(env, drain.cluster());
      Upgrades applying = new Upgrades(env, apply.cluster());
      apply
          .sim
          .faults()
          .hang(
              "cp-1",
              "kubeadm upgrade apply",
              null); // until cleared, or until its SSH channel closes
      CompletableFuture<Cli.Result> drainUpgrade =
          env.bosunAsync("upgrade", "-i", drain.inventory(), "--to", E2eLab.TARGET);
      CompletableFuture<Cli.Result> applyUpgrade =
          env.bosunAsync("upgrade", "-i", apply.inventory(), "--to", E2eLab.TARGET);

      // (a) after preflight (which refuses a PDB that allows no disruption): evictions of web pods
      // get 429, the drain keeps trying
      await("preflight passed")
          .atMost(Duration.ofMinutes(1))
          .until(() -> draining.childStarted("cp-1"));
      drain.sim.faults().blockPdb("default", "web-pdb");
      // (b) the KubeadmUpgradeApply activity runs and the last command cp-1 finished is its kubeadm
      // version check, a
      // while ago: the apply line that follows it hangs now. Kill when (a) is inside an eviction
      // round at the same time.
      String drained = await("inside a drain (a) and inside kubeadm upgrade apply (b)")
          .atMost(Duration.ofMinutes(1))
          .pollInterval(Duration.ofMillis(100))
          .until(
              () -> runningActivity(applying, List.of("cp-1"), "KubeadmUpgradeApply") == null
                      || !applyHangs(apply)
                  ? null
                  : runningActivity(draining, List.of("w-1", "w-2"), "EvictPods"),
              Objects::nonNull);
      assertThat(draining.childRow(drained).step()).isEqualTo("drain");

      long killedAt = System.currentTimeMillis();
      env.killWorker();

      // the kill closed the SSH channel: the sim interrupted the command before it changed anything
      CommandRecord interrupted = await("the interrupted apply in the command log")
          .atMost(Duration.ofSeconds(20))
          .until(() -> apply.commands("cp-1", "kubeadm upgrade apply"), l -> !l.isEmpty())
          .get(0);
      assertThat(interrupted.exitCode()).isEqualTo(-1);
      assertThat(interrupted.startMillis()).isLessThan(killedAt);
      assertThat(apply.sim.state().staticPodVersion("cp-1")).isEqualTo(E2eLab.FROM);

      drain.sim.faults().clear();
      apply.sim.faults().clear();
      env.startWorker();

      for (var run : List.of(drainUpgrade, applyUpgrade)) {
        Cli.Result done = run.get(3, TimeUnit.MINUTES);
        assertThat(done.exit()).as(done.toString()).isZero();
      }
      for (E2eLab lab : List.of(drain, apply)) {
        assertThat(lab.versions()).as(lab.cluster()).isEqualTo(lab.allAt(E2eLab.TARGET));
        assertThat(lab.cordoned()).as(lab.cluster()).isEmpty();
        assertThat(lab.mutatingCommandsCompletedTwice()).as(lab.cluster()).isEmpty();
      }
      assertThat(heartbeatTimeouts(env, draining.childId(drained), "EvictPods"))
          .as(
              "the drain round the killed worker ran timed out (heartbeat) and ran again on the new worker")
          .isPositive();
      assertThat(apply.commands("cp-1", "kubeadm upgrade apply"))
          .extracting(CommandRecord::exitCode)
          .as("apply interrupted by the kill, then run to completion exactly once")
          .containsExactly(-1, 0);
      assertThat(heartbeatTimeouts(env, applying.childId("cp-1"), "KubeadmUpgradeApply"))
          .isPositive();
    }
  }

  /** cp-1's last finished command is the apply activity's kubeadm version check, over half a second ago. */
  static boolean applyHangs(E2eLab lab) {
    List<CommandRecord> cp1 = lab.sim.commandLog().forHost("cp-1");
    CommandRecord last = cp1.isEmpty() ? null : cp1.get(cp1.size() - 1);
    return last != null
        && last.command().startsWith("kubeadm version")
        && System.currentTimeMillis() - last.endMillis() > 500;
  }

  /** The first of {@code nodes} whose child runs {@code activityType} right now and has heartbeated from inside it. */
  static String runningActivity(Upgrades upgrades, List<String> nodes, String activityType) {
    for (String node : nodes) {
      if (!upgrades.childStarted(node)) {
        continue;
      }
      for (PendingActivityInfo a : upgrades.pendingActivities(node)) {
        if (a.getActivityType().getName().equals(activityType)
            && a.getState() == PendingActivityState.PENDING_ACTIVITY_STATE_STARTED
            && a.hasLastHeartbeatTime()) {
          return node;
        }
      }
    }
    return null;
  }

  /**
   * Attempts of {@code activityType} in a workflow's history that started after the previous attempt timed out
   * on its heartbeat (a retried attempt's ActivityTaskStarted carries the last failure).
   */
  static long heartbeatTimeouts(E2eEnvironment env, String workflowId, String activityType) {
    List<HistoryEvent> events = env.client().fetchHistory(workflowId).getEvents();
    return events.stream()
        .filter(e -> e.getEventType() == EventType.EVENT_TYPE_ACTIVITY_TASK_STARTED)
        .filter(e -> e.getActivityTaskStartedEventAttributes().getAttempt() > 1
            && e.getActivityTaskStartedEventAttributes()
                    .getLastFailure()
                    .getTimeoutFailureInfo()
                    .getTimeoutType()
                == TimeoutType.TIMEOUT_TYPE_HEARTBEAT)
        .filter(e -> events.stream()
            .anyMatch(s ->
                s.getEventId() == e.getActivityTaskStartedEventAttributes().getScheduledEventId()
                    && s.getActivityTaskScheduledEventAttributes()
                        .getActivityType()
                        .getName()
                        .equals(activityType)))
        .count();
  }
}
