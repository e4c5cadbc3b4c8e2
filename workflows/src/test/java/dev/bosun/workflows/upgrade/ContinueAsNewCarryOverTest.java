package dev.bosun.workflows.upgrade;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bosun.workflows.Phase;
import dev.bosun.workflows.WorkflowIds;
import dev.bosun.workflows.drain.NodeDrainWorkflowImpl;
import dev.bosun.workflows.drain.UncordonWorkflowImpl;
import dev.bosun.workflows.model.ApprovalGate;
import dev.bosun.workflows.model.NodeRole;
import dev.bosun.workflows.model.OnNodeFailure;
import dev.bosun.workflows.model.UpgradeSpec;
import dev.bosun.workflows.testing.ContinuingUpgrades;
import dev.bosun.workflows.testing.FakeCluster;
import dev.bosun.workflows.testing.TestClusters;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.enums.v1.EventType;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowStub;
import io.temporal.testing.TestWorkflowEnvironment;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * What a rolling upgrade decided must survive continue-as-new: here the run hands over before every
 * stage but the first of each run, so each of the 1 + 6 nodes runs in its own run and every carry-over
 * is crossed several times. The happy path across runs is HistorySizeTest's.
 */
@Timeout(120)
class ContinueAsNewCarryOverTest {

  private final FakeCluster cluster = new FakeCluster("v1.30.6", 1, 6);
  private TestWorkflowEnvironment env;
  private RollingUpgradeWorkflow wf;
  private WorkflowExecution first;

  @AfterEach
  void close() {
    if (env != null) env.close();
  }

  private void start(UpgradeSpec spec) {
    env = TestClusters.start(
        cluster,
        ContinuingUpgrades.AtEveryStage.class,
        NodeUpgradeWorkflowImpl.class,
        PlanUpgradeWorkflowImpl.class,
        NodeDrainWorkflowImpl.class,
        UncordonWorkflowImpl.class);
    wf = env.getWorkflowClient()
        .newWorkflowStub(
            RollingUpgradeWorkflow.class, TestClusters.options(WorkflowIds.mutation("lab1")));
    first = WorkflowClient.start(
        wf::upgrade,
        UpgradeRequest.fresh(
            TestClusters.inventory(cluster), RollingUpgradeWorkflowTest.TARGET, spec));
  }

  /** The current run, whichever it is: a stub bound to the first run's ID would query and update a closed run. */
  private RollingUpgradeWorkflow latest() {
    return env.getWorkflowClient()
        .newWorkflowStub(RollingUpgradeWorkflow.class, WorkflowIds.mutation("lab1"));
  }

  private UpgradeReport result() throws Exception {
    // Bounded: a carry-over that is lost (an approval asked again) would leave the run waiting
    // forever.
    return WorkflowStub.fromTyped(wf).getResult(60, TimeUnit.SECONDS, UpgradeReport.class);
  }

  private int runs() {
    int runs = 0;
    String runId = first.getRunId();
    while (runId != null) {
      runs++;
      HistoryEvent last =
          env.getWorkflowClient().fetchHistory(first.getWorkflowId(), runId).getLastEvent();
      runId = last.getEventType() == EventType.EVENT_TYPE_WORKFLOW_EXECUTION_CONTINUED_AS_NEW
          ? last.getWorkflowExecutionContinuedAsNewEventAttributes().getNewExecutionRunId()
          : null;
    }
    return runs;
  }

  private static NodeReport node(UpgradeReport r, String name) {
    return r.nodes().stream().filter(n -> n.node().equals(name)).findFirst().orElseThrow();
  }

  @Test
  void testFailedNodeCountCarriesOverSoTheCircuitBreakerStillTrips() throws Exception {
    cluster.failAt("w-1", NodeStep.KUBELET_PACKAGES, 1);
    cluster.failAt("w-3", NodeStep.KUBELET_PACKAGES, 1);
    start(TestClusters.spec("1", OnNodeFailure.SKIP, ApprovalGate.NONE, 2));
    UpgradeReport report = result();
    assertEquals(Phase.ABORTED, report.outcome(), report.reason());
    assertTrue(report.reason().startsWith("circuit breaker: 2 node(s) failed"), report.reason());
    assertEquals(
        NodeStatus.NOT_STARTED, node(report, "w-4").status(), "no node after the second failure");
    assertTrue(runs() >= 3, "w-1 and w-3 failed in different runs: " + runs());
  }

  @Test
  void testAnApprovalBeforeWorkersIsAskedOnceAcrossRuns() throws Exception {
    start(TestClusters.spec("1", OnNodeFailure.WAIT_FOR_OPERATOR, ApprovalGate.BEFORE_WORKERS, 0));
    TestClusters.awaitProgress(latest(), p -> "before-workers".equals(p.gate()));
    latest().approve("go");
    UpgradeReport report = result();
    assertEquals(Phase.COMPLETED, report.outcome(), report.reason());
    // (The run chain is not walked here: with queries in flight the test server's first run can
    // lack its
    // ContinuedAsNew event; that the last run is another one is what matters.)
    assertNotEquals(
        first.getRunId(),
        WorkflowStub.fromTyped(latest()).describe().getExecution().getRunId(),
        "continued as new");
  }

  @Test
  void testBeforeEachBatchAsksForEveryWorkerBatchAcrossRuns() throws Exception {
    start(
        TestClusters.spec("1", OnNodeFailure.WAIT_FOR_OPERATOR, ApprovalGate.BEFORE_EACH_BATCH, 0));
    for (int w = 1; w <= 6; w++) {
      String gate = "before batch " + (w + 1) + " [w-" + w + "]";
      TestClusters.awaitProgress(latest(), p -> gate.equals(p.gate()));
      assertTrue(cluster.callsOf("w-" + w).isEmpty(), "w-" + w + " waits for its approval");
      assertTrue(latest().approve("batch " + w).startsWith("approved " + gate));
    }
    assertEquals(Phase.COMPLETED, result().outcome());
  }

  @Test
  void testAPauseHoldsAcrossTheHandOver() throws Exception {
    cluster.failAt("w-2", NodeStep.KUBEADM_UPGRADE, 1);
    start(TestClusters.spec("1", OnNodeFailure.WAIT_FOR_OPERATOR, ApprovalGate.NONE, 0));
    TestClusters.awaitProgress(latest(), p -> p.awaiting() != null);
    latest().pause("hold after w-2");
    latest().retry("w-2", null);
    UpgradeProgress paused = TestClusters.awaitProgress(latest(), p -> Phase.PAUSED == p.phase());
    assertTrue(paused.paused());
    Thread.sleep(1000);
    assertTrue(
        cluster.callsOf("w-3").isEmpty(), "paused: no new node starts, in this run or the next");
    assertTrue(latest().progress().paused());
    latest().resume();
    UpgradeReport report = result();
    assertEquals(Phase.COMPLETED, report.outcome());
    assertEquals(NodeStatus.UPGRADED, node(report, "w-6").status());
  }

  /**
   * A pause accepted while the run waited for its handlers before handing over used to be dropped with
   * the old run (issue 16's "pause is lost across continue-as-new"): the checkpoint carries it now.
   */
  @Test
  void testAPauseTakenDuringTheHandOverHoldsTheNextRun() throws Exception {
    Map<String, String> versions = new LinkedHashMap<>();
    cluster.nodes.keySet().forEach(n -> versions.put(n, "v1.30.6"));
    cluster.node("cp-1").kubelet = "v1.31.2";
    cluster.node("cp-1").staticPods = "v1.31.2";
    UpgradeCheckpoint handedOver = new UpgradeCheckpoint(
        new UpgradeCheckpoint.KubeVersionFrom("v1.30.6"),
        "1.31.2-1.1",
        List.of(),
        null,
        List.of(),
        List.of(new NodeReport(
            "cp-1",
            NodeRole.CONTROL_PLANE,
            "v1.30.6",
            "v1.31.2",
            NodeStatus.UPGRADED,
            null,
            null,
            null,
            1,
            10)),
        1,
        0,
        0,
        false,
        versions,
        1,
        "window closing");
    env = TestClusters.start(
        cluster,
        ContinuingUpgrades.AtEveryStage.class,
        NodeUpgradeWorkflowImpl.class,
        PlanUpgradeWorkflowImpl.class,
        NodeDrainWorkflowImpl.class,
        UncordonWorkflowImpl.class);
    wf = env.getWorkflowClient()
        .newWorkflowStub(
            RollingUpgradeWorkflow.class, TestClusters.options(WorkflowIds.mutation("lab1")));
    first = WorkflowClient.start(
        wf::upgrade,
        new UpgradeRequest(
            TestClusters.inventory(cluster),
            RollingUpgradeWorkflowTest.TARGET,
            TestClusters.spec("1", OnNodeFailure.WAIT_FOR_OPERATOR, ApprovalGate.NONE, 0),
            handedOver,
            null));
    UpgradeProgress p = TestClusters.awaitProgress(latest(), x -> Phase.PAUSED == x.phase());
    assertEquals("window closing", p.pauseReason());
    Thread.sleep(500);
    assertTrue(cluster.callsOf("w-1").isEmpty(), "paused: the next run starts no node");
    latest().resume();
    assertEquals(Phase.COMPLETED, result().outcome());
  }

  @Test
  void testAPreCordonedNodeStaysCordonedWhenItsRunComesAfterAHandOver() throws Exception {
    cluster.node("w-5").unschedulable = true;
    start(TestClusters.spec("1", OnNodeFailure.WAIT_FOR_OPERATOR, ApprovalGate.NONE, 0));
    UpgradeReport report = result();
    assertEquals(Phase.COMPLETED, report.outcome());
    assertTrue(cluster.node("w-5").unschedulable, "cordoned before Bosun: left cordoned");
    assertFalse(cluster.calls.contains("uncordon:w-5"));
    assertEquals("v1.31.2", cluster.node("w-5").kubelet);
  }

  @Test
  void testTheEtcdSnapshotIsTakenOnceAndReportedAtTheEnd() throws Exception {
    start(TestClusters.spec("1", OnNodeFailure.WAIT_FOR_OPERATOR, ApprovalGate.NONE, 0));
    UpgradeReport report = result();
    assertEquals(Phase.COMPLETED, report.outcome());
    assertEquals(
        1,
        cluster.calls.stream().filter(c -> c.startsWith("etcdSnapshot:")).count(),
        "not retaken by a later run");
    assertNotNull(report.snapshot(), "the first run's snapshot is in the last run's report");
    assertTrue(runs() >= 6, "runs: " + runs());
  }
}
