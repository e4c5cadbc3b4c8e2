package dev.bosun.workflows.replay;

import dev.bosun.workflows.WorkflowIds;
import dev.bosun.workflows.activities.PodRef;
import dev.bosun.workflows.drain.DrainRequest;
import dev.bosun.workflows.drain.NodeDrainWorkflow;
import dev.bosun.workflows.drain.NodeDrainWorkflowImpl;
import dev.bosun.workflows.drain.UncordonWorkflowImpl;
import dev.bosun.workflows.model.ApprovalGate;
import dev.bosun.workflows.model.ClusterTarget;
import dev.bosun.workflows.model.DrainOptions;
import dev.bosun.workflows.model.KubeVersion;
import dev.bosun.workflows.model.OnNodeFailure;
import dev.bosun.workflows.model.UpgradeSpec;
import dev.bosun.workflows.testing.ContinuingUpgrades;
import dev.bosun.workflows.testing.FakeCluster;
import dev.bosun.workflows.testing.TestClusters;
import dev.bosun.workflows.upgrade.NodeStep;
import dev.bosun.workflows.upgrade.NodeUpgradeWorkflowImpl;
import dev.bosun.workflows.upgrade.PlanUpgradeWorkflowImpl;
import dev.bosun.workflows.upgrade.RollingUpgradeWorkflow;
import dev.bosun.workflows.upgrade.UpgradeReport;
import dev.bosun.workflows.upgrade.UpgradeRequest;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.enums.v1.EventType;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowStub;
import io.temporal.common.WorkflowExecutionHistory;
import io.temporal.testing.TestWorkflowEnvironment;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Runs the operator scenarios whose histories must keep replaying through refactors: a failed node
 * retried, a node skipped, an abort, a continue-as-new chain, drains blocked by a PodDisruptionBudget.
 * The committed files under histories/scenarios/ were recorded from the code before issue 12's refactor.
 */
final class ScenarioRecorder {

  static final KubeVersion TARGET = HistoryRecorder.TARGET;
  static final String SUBDIR = "scenarios";

  private ScenarioRecorder() {}

  static Map<String, String> record() throws InterruptedException {
    Map<String, String> out = new LinkedHashMap<>();
    operatorAnswers(out, "retry", "w-1", NodeStep.KUBEADM_UPGRADE, wf -> wf.retry("w-1", null));
    operatorAnswers(out, "skip", "w-1", NodeStep.KUBELET_PACKAGES, wf -> wf.skip("w-1"));
    operatorAnswers(
        out, "abort", "cp-2", NodeStep.KUBEADM_UPGRADE, wf -> wf.abort("maintenance window over"));
    continueAsNew(out);
    drainTimedOutBehindPdb(out);
    upgradeWithDrainTimedOutBehindPdb(out);
    return out;
  }

  /** {@code node} fails at {@code step}; the operator answers with {@code answer} through an update. */
  private static void operatorAnswers(
      Map<String, String> out,
      String name,
      String node,
      NodeStep step,
      Consumer<RollingUpgradeWorkflow> answer)
      throws InterruptedException {
    FakeCluster cluster = new FakeCluster("v1.30.6", 3, 2).failAt(node, step, 1);
    try (TestWorkflowEnvironment env = TestClusters.start(cluster)) {
      WorkflowClient client = env.getWorkflowClient();
      RollingUpgradeWorkflow wf = client.newWorkflowStub(
          RollingUpgradeWorkflow.class, TestClusters.options(WorkflowIds.mutation("lab1")));
      WorkflowClient.start(
          wf::upgrade,
          UpgradeRequest.fresh(
              TestClusters.inventory(cluster),
              TARGET,
              TestClusters.spec("2", OnNodeFailure.WAIT_FOR_OPERATOR, ApprovalGate.NONE, 0)));
      TestClusters.awaitProgress(wf, p -> p.awaiting() != null);
      answer.accept(wf);
      WorkflowStub.fromTyped(wf).getResult(UpgradeReport.class);
      out.put(
          name + "-rolling-upgrade.json",
          client.fetchHistory(WorkflowIds.mutation("lab1")).toJson(true));
      out.put(
          name + "-node-upgrade-" + node + ".json",
          client.fetchHistory(WorkflowIds.nodeUpgrade("lab1", TARGET, node, 1)).toJson(true));
    }
  }

  /** 1 control plane + 6 workers one at a time: the parent continues as new once, between worker batches. */
  private static void continueAsNew(Map<String, String> out) {
    FakeCluster cluster = new FakeCluster("v1.30.6", 1, 6);
    try (TestWorkflowEnvironment env = TestClusters.start(
        cluster,
        ContinuingUpgrades.After60Events.class,
        NodeUpgradeWorkflowImpl.class,
        PlanUpgradeWorkflowImpl.class,
        NodeDrainWorkflowImpl.class,
        UncordonWorkflowImpl.class)) {
      WorkflowClient client = env.getWorkflowClient();
      RollingUpgradeWorkflow wf = client.newWorkflowStub(
          RollingUpgradeWorkflow.class, TestClusters.options(WorkflowIds.mutation("lab1")));
      WorkflowExecution first = WorkflowClient.start(
          wf::upgrade,
          UpgradeRequest.fresh(
              TestClusters.inventory(cluster),
              TARGET,
              TestClusters.spec("1", OnNodeFailure.WAIT_FOR_OPERATOR, ApprovalGate.NONE, 0)));
      WorkflowStub.fromTyped(wf).getResult(UpgradeReport.class);
      String runId = first.getRunId();
      for (int run = 1; runId != null; run++) {
        WorkflowExecutionHistory history = client.fetchHistory(first.getWorkflowId(), runId);
        out.put("continue-as-new-run-" + run + ".json", history.toJson(true));
        HistoryEvent last = history.getLastEvent();
        runId = last.getEventType() == EventType.EVENT_TYPE_WORKFLOW_EXECUTION_CONTINUED_AS_NEW
            ? last.getWorkflowExecutionContinuedAsNewEventAttributes().getNewExecutionRunId()
            : null;
      }
    }
  }

  /** bosun drain: a PDB refuses every eviction until the drain timeout; the node is uncordoned again. */
  private static void drainTimedOutBehindPdb(Map<String, String> out) {
    FakeCluster cluster = new FakeCluster("v1.30.6", 1, 1);
    FakeCluster.Node w1 = cluster.node("w-1");
    w1.pods.add(new PodRef("default", "web-0", 30));
    w1.pdbBlockedRounds = Integer.MAX_VALUE;
    try (TestWorkflowEnvironment env = TestClusters.start(cluster)) {
      WorkflowClient client = env.getWorkflowClient();
      NodeDrainWorkflow drain = client.newWorkflowStub(
          NodeDrainWorkflow.class, TestClusters.options(WorkflowIds.mutation("lab1")));
      try {
        drain.drain(new DrainRequest(
            ClusterTarget.of(TestClusters.inventory(cluster)), "w-1", oneMinuteDrain()));
      } catch (io.temporal.client.WorkflowFailedException expected) {
        // DrainTimedOut: the history is what we want
      }
      out.put(
          "drain-pdb-timed-out.json",
          client.fetchHistory(WorkflowIds.mutation("lab1")).toJson(true));
    }
  }

  /** An upgrade whose worker drain times out behind a PDB; onNodeFailure=skip rolls the worker back. */
  private static void upgradeWithDrainTimedOutBehindPdb(Map<String, String> out) {
    FakeCluster cluster = new FakeCluster("v1.30.6", 1, 1);
    FakeCluster.Node w1 = cluster.node("w-1");
    w1.pods.add(new PodRef("default", "web-0", 30));
    w1.podsStuck = true;
    try (TestWorkflowEnvironment env = TestClusters.start(cluster)) {
      WorkflowClient client = env.getWorkflowClient();
      RollingUpgradeWorkflow wf = client.newWorkflowStub(
          RollingUpgradeWorkflow.class, TestClusters.options(WorkflowIds.mutation("lab1")));
      UpgradeSpec s = TestClusters.spec("1", OnNodeFailure.SKIP, ApprovalGate.NONE, 0);
      UpgradeSpec spec = new UpgradeSpec(
          s.maxUnavailable(),
          oneMinuteDrain(),
          s.onNodeFailure(),
          s.approval(),
          s.maxFailedNodes(),
          s.etcdSnapshot(),
          s.pauseBetweenBatches(),
          s.operatorTimeout());
      wf.upgrade(UpgradeRequest.fresh(TestClusters.inventory(cluster), TARGET, spec));
      out.put(
          "pdb-rolling-upgrade.json",
          client.fetchHistory(WorkflowIds.mutation("lab1")).toJson(true));
      out.put(
          "pdb-node-upgrade-w-1.json",
          client.fetchHistory(WorkflowIds.nodeUpgrade("lab1", TARGET, "w-1", 1)).toJson(true));
    }
  }

  /** A one-minute drain timeout keeps the blocked drains' histories short (a few rounds). */
  private static DrainOptions oneMinuteDrain() {
    DrainOptions d = DrainOptions.defaults();
    return new DrainOptions(
        Duration.ofMinutes(1),
        d.gracePeriodSeconds(),
        d.deleteEmptyDirData(),
        d.ignoreDaemonSets(),
        d.force(),
        d.podSelector(),
        d.disableEvictionFallback(),
        d.skipWaitForDeleteTimeout());
  }

  static List<String> files() {
    return List.of(
        "retry-rolling-upgrade.json",
        "retry-node-upgrade-w-1.json",
        "skip-rolling-upgrade.json",
        "skip-node-upgrade-w-1.json",
        "abort-rolling-upgrade.json",
        "abort-node-upgrade-cp-2.json",
        "drain-pdb-timed-out.json",
        "pdb-rolling-upgrade.json",
        "pdb-node-upgrade-w-1.json");
  }

  /** Records the scenarios into src/test/resources/histories/scenarios: run from the module directory. */
  public static void main(String[] args) throws IOException, InterruptedException {
    Files.createDirectories(HistoryRecorder.DIR.resolve(SUBDIR));
    for (Map.Entry<String, String> e : record().entrySet()) {
      Files.writeString(HistoryRecorder.DIR.resolve(SUBDIR).resolve(e.getKey()), e.getValue());
    }
  }
}
