package dev.bosun.workflows.upgrade;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bosun.workflows.Phase;
import dev.bosun.workflows.WorkflowIds;
import dev.bosun.workflows.drain.NodeDrainWorkflowImpl;
import dev.bosun.workflows.drain.UncordonWorkflowImpl;
import dev.bosun.workflows.model.ApprovalGate;
import dev.bosun.workflows.model.OnNodeFailure;
import dev.bosun.workflows.testing.ContinuingUpgrades;
import dev.bosun.workflows.testing.FakeCluster;
import dev.bosun.workflows.testing.TestClusters;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.enums.v1.EventType;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowStub;
import io.temporal.common.WorkflowExecutionHistory;
import io.temporal.testing.TestWorkflowEnvironment;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * History size: every run of a big upgrade stays under 10,000 events by continuing as new at a batch
 * boundary. The threshold is lowered here (by overriding it in a subclass, the logic stays the real one)
 * so that a cluster small enough for a unit test still continues as new several times.
 */
@Timeout(600)
class HistorySizeTest {

  private TestWorkflowEnvironment env;

  @AfterEach
  void close() {
    if (env != null) env.close();
  }

  private List<Integer> upgradeAndMeasureRuns(
      FakeCluster cluster, String maxUnavailable, Class<?> rollingImpl) {
    env = TestClusters.start(
        cluster,
        rollingImpl,
        NodeUpgradeWorkflowImpl.class,
        PlanUpgradeWorkflowImpl.class,
        NodeDrainWorkflowImpl.class,
        UncordonWorkflowImpl.class);
    WorkflowClient client = env.getWorkflowClient();
    RollingUpgradeWorkflow wf = client.newWorkflowStub(
        RollingUpgradeWorkflow.class, TestClusters.options(WorkflowIds.mutation("lab1")));
    WorkflowExecution first = WorkflowClient.start(
        wf::upgrade,
        UpgradeRequest.fresh(
            TestClusters.inventory(cluster),
            RollingUpgradeWorkflowTest.TARGET,
            TestClusters.spec(maxUnavailable, OnNodeFailure.ABORT, ApprovalGate.NONE, 0)));
    UpgradeReport report = WorkflowStub.fromTyped(wf).getResult(UpgradeReport.class);
    assertEquals(Phase.COMPLETED, report.outcome(), report.reason());
    assertEquals(cluster.nodes.size(), report.nodes().size());
    assertTrue(report.nodes().stream()
        .allMatch(n -> n.status().equals(NodeStatus.UPGRADED) && n.version().equals("v1.31.2")));
    assertTrue(cluster.nodes.values().stream().allMatch(n -> n.kubelet.equals("v1.31.2")));

    // Walk the chain of runs through their ContinuedAsNew events.
    List<Integer> runs = new ArrayList<>();
    String runId = first.getRunId();
    while (runId != null) {
      WorkflowExecutionHistory history = client.fetchHistory(first.getWorkflowId(), runId);
      List<HistoryEvent> events = history.getEvents();
      runs.add(events.size());
      HistoryEvent last = events.get(events.size() - 1);
      runId = last.getEventType() == EventType.EVENT_TYPE_WORKFLOW_EXECUTION_CONTINUED_AS_NEW
          ? last.getWorkflowExecutionContinuedAsNewEventAttributes().getNewExecutionRunId()
          : null;
    }
    for (String node : cluster.nodes.keySet()) {
      int events = client
          .fetchHistory(WorkflowIds.nodeUpgrade("lab1", RollingUpgradeWorkflowTest.TARGET, node, 1))
          .getEvents()
          .size();
      assertTrue(events < 10_000, node + ": " + events + " events");
    }
    return runs;
  }

  @Test
  void testContinueAsNewAtBatchBoundariesKeepsEveryRunSmall() {
    FakeCluster cluster = new FakeCluster("v1.30.6", 3, 40);
    List<Integer> runs =
        upgradeAndMeasureRuns(cluster, "10", ContinuingUpgrades.After80Events.class);
    assertTrue(runs.size() >= 3, "continued as new at least twice: " + runs);
    // A run passes the threshold by at most one batch (10 nodes, well under 100 events) before it
    // hands over.
    assertTrue(runs.stream().allMatch(n -> n < 80 + 100), runs.toString());
    // What a node costs the parent, applied to the real budget: a run hands over at the threshold
    // for a
    // batch of 50 plus at most one more batch of 50, and that must stay under Temporal's 10,000
    // events.
    double perNode =
        runs.stream().mapToInt(Integer::intValue).sum() / (double) cluster.nodes.size();
    assertTrue(perNode < 20, "parent events per node: " + perNode);
    assertTrue(
        HistoryBudget.thresholdFor(50) + 2 * 50 * perNode < 10_000,
        "parent events per node: " + perNode);
    int workersUpgraded = (int) cluster.calls.stream()
        .filter(c -> c.startsWith("kubeadmUpgradeNode:w-"))
        .count();
    assertEquals(40, workersUpgraded, "no worker upgraded twice across runs");
  }

  /**
   * 3 control planes and 297 workers by default (about 15 s); the full 1,000-node run (3 + 997, about 50 s
   * on 2 cores) with -Dbosun.bigClusterWorkers=997.
   */
  @Test
  void testBigClusterStaysUnderTenThousandEvents() {
    FakeCluster cluster =
        new FakeCluster("v1.30.6", 3, Integer.getInteger("bosun.bigClusterWorkers", 297));
    List<Integer> runs = upgradeAndMeasureRuns(cluster, "50", RollingUpgradeWorkflowImpl.class);
    assertTrue(runs.stream().allMatch(n -> n < 10_000), runs.toString());
    System.out.println(cluster.nodes.size() + "-node upgrade: events per parent run " + runs);
  }
}
