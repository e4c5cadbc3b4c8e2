package dev.bosun.workflows.upgrade;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bosun.workflows.Phase;
import dev.bosun.workflows.WorkflowIds;
import dev.bosun.workflows.model.ApprovalGate;
import dev.bosun.workflows.model.OnNodeFailure;
import dev.bosun.workflows.model.UpgradeSpec;
import dev.bosun.workflows.testing.FakeCluster;
import dev.bosun.workflows.testing.TestClusters;
import io.temporal.api.enums.v1.EventType;
import io.temporal.client.WorkflowFailedException;
import io.temporal.client.WorkflowStub;
import io.temporal.client.WorkflowUpdateException;
import io.temporal.failure.CanceledFailure;
import io.temporal.testing.TestWorkflowEnvironment;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.function.Executable;

/** retry / skip / abort / approve / pause through updates, their validators, the operator timeout, cancel, the circuit breaker. */
@Timeout(60)
class OperatorCommandsTest {

  private final FakeCluster cluster = new FakeCluster("v1.30.6", 3, 4);
  private TestWorkflowEnvironment env;
  private RollingUpgradeWorkflow wf;

  @AfterEach
  void close() {
    cluster.releaseDowngrades(); // a test that failed early must not leave a rollback parked
    if (env != null) env.close();
  }

  private void start(UpgradeSpec spec) {
    env = TestClusters.start(cluster);
    wf = TestClusters.startUpgrade(
        env,
        UpgradeRequest.fresh(
            TestClusters.inventory(cluster), RollingUpgradeWorkflowTest.TARGET, spec));
  }

  private UpgradeReport result() {
    return WorkflowStub.fromTyped(wf).getResult(UpgradeReport.class);
  }

  private UpgradeProgress awaitProgress(Predicate<UpgradeProgress> condition)
      throws InterruptedException {
    return TestClusters.awaitProgress(wf, condition);
  }

  private static void rejected(String expected, Executable update) {
    WorkflowUpdateException e = assertThrows(WorkflowUpdateException.class, update);
    String message = e.getCause().getMessage();
    assertTrue(message.contains(expected), "expected '" + expected + "' in: " + message);
  }

  private static NodeReport node(UpgradeReport r, String name) {
    return r.nodes().stream().filter(n -> n.node().equals(name)).findFirst().orElseThrow();
  }

  @Test
  void testRetryRunsTheFailedStepAgain() throws Exception {
    cluster.failAt("w-1", NodeStep.KUBEADM_UPGRADE, 1);
    start(TestClusters.spec("2", OnNodeFailure.WAIT_FOR_OPERATOR, ApprovalGate.NONE, 0));
    UpgradeProgress p = awaitProgress(x -> x.awaiting() != null);
    assertEquals(Phase.AWAITING_OPERATOR, p.phase());
    assertEquals("w-1", p.awaiting().node());
    assertEquals("kubeadm-upgrade", p.awaiting().step());
    assertTrue(p.awaiting().error().contains("injected failure"), p.awaiting().error());

    rejected(
        "retry: w-3 is not waiting for an operator (it is pending)", () -> wf.retry("w-3", null));
    rejected(
        "retry: cp-1 is not waiting for an operator (it is upgraded)",
        () -> wf.retry("cp-1", null));
    rejected("skip: no node named 'nope' in cluster lab1", () -> wf.skip("nope"));
    rejected("approve: no approval gate is open", () -> wf.approve("ok"));
    rejected("resume: the upgrade is not paused", wf::resume);

    NodeRow child = env.getWorkflowClient()
        .newWorkflowStub(
            NodeUpgradeWorkflow.class,
            WorkflowIds.nodeUpgrade("lab1", RollingUpgradeWorkflowTest.TARGET, "w-1", 1))
        .progress();
    assertEquals("awaiting-operator", child.state());
    assertEquals("kubeadm-upgrade", child.step());

    assertTrue(
        wf.retry("w-1", null).startsWith("retrying w-1 from step kubeadm-upgrade (attempt 2)"));
    UpgradeReport report = result();
    assertEquals(Phase.COMPLETED, report.outcome());
    assertEquals(NodeStatus.UPGRADED, node(report, "w-1").status());
    assertEquals(2, node(report, "w-1").attempts());
    assertEquals(
        2, cluster.calls.stream().filter("kubeadmUpgradeNode:w-1"::equals).count());
    assertEquals(
        1,
        cluster.calls.stream().filter("cordon:w-1"::equals).count(),
        "the retry starts at the failed step, not from the drain");
  }

  @Test
  void testRetriedDrainStillUncordonsTheNodeBosunCordoned() throws Exception {
    cluster.failAt("w-1", NodeStep.DRAIN, 1);
    start(TestClusters.spec("2", OnNodeFailure.WAIT_FOR_OPERATOR, ApprovalGate.NONE, 0));
    awaitProgress(x -> x.awaiting() != null);
    wf.retry("w-1", null);
    assertEquals(Phase.COMPLETED, result().outcome());
    assertEquals(2, cluster.calls.stream().filter("cordon:w-1"::equals).count());
    assertFalse(
        cluster.node("w-1").unschedulable,
        "the second cordon found Bosun's own cordon, not an operator's");
  }

  @Test
  void testACordonThatFailedOutrightIsStillUndoneOnANodePreflightSawSchedulable() {
    cluster.loseCordonAnswer("w-1", 1, false); // the PATCH went through, the call failed for good
    start(TestClusters.spec("2", OnNodeFailure.SKIP, ApprovalGate.NONE, 0));
    UpgradeReport report = result();
    assertEquals(NodeStatus.ROLLED_BACK, node(report, "w-1").status());
    assertFalse(
        cluster.node("w-1").unschedulable, "uncordoned: preflight knew w-1 was schedulable");
    assertTrue(
        node(report, "w-1").compensation().contains("uncordoned w-1"),
        node(report, "w-1").compensation());
  }

  @Test
  void testSkipCompensatesTheNodeAndCarriesOn() throws Exception {
    cluster.failAt("w-1", NodeStep.KUBELET_PACKAGES, 1);
    start(TestClusters.spec("2", OnNodeFailure.WAIT_FOR_OPERATOR, ApprovalGate.NONE, 0));
    awaitProgress(x -> x.awaiting() != null);
    assertTrue(wf.skip("w-1").startsWith("skipping w-1"));
    UpgradeReport report = result();
    assertEquals(Phase.FAILED, report.outcome());
    assertEquals("1 node(s) failed and were skipped", report.reason());
    assertEquals(NodeStatus.ROLLED_BACK, node(report, "w-1").status());
    assertEquals("v1.30.6", node(report, "w-1").version());
    assertEquals("1.30.6-1.1", cluster.node("w-1").packages.get("kubeadm"));
    assertFalse(cluster.node("w-1").unschedulable);
    assertEquals(NodeStatus.UPGRADED, node(report, "w-4").status(), "the later batch still ran");
    assertTrue(
        report.compensations().stream()
            .anyMatch(c -> c.startsWith("w-1: ") && c.contains("reinstalled")),
        report.compensations().toString());
  }

  @Test
  void testAbortCompensatesAndStartsNoNewNode() throws Exception {
    cluster.failAt("cp-2", NodeStep.KUBEADM_UPGRADE, 1);
    start(TestClusters.spec("2", OnNodeFailure.WAIT_FOR_OPERATOR, ApprovalGate.NONE, 0));
    awaitProgress(x -> x.awaiting() != null);
    wf.abort("maintenance window over");
    UpgradeReport report = result();
    assertEquals(Phase.ABORTED, report.outcome());
    assertEquals("aborted by operator: maintenance window over", report.reason());
    assertEquals(NodeStatus.ROLLED_BACK, node(report, "cp-2").status());
    assertFalse(cluster.node("cp-2").unschedulable);
    assertFalse(cluster.downgraded("cp-2"));
    assertEquals(NodeStatus.NOT_STARTED, node(report, "cp-3").status());
    assertTrue(cluster.callsOf("w-1").isEmpty());
  }

  @Test
  void testOperatorTimeoutAborts() {
    cluster.failAt("w-2", NodeStep.WAIT_READY, 1);
    UpgradeSpec spec =
        TestClusters.spec("2", OnNodeFailure.WAIT_FOR_OPERATOR, ApprovalGate.NONE, 0);
    spec = new UpgradeSpec(
        spec.maxUnavailable(),
        spec.drain(),
        spec.onNodeFailure(),
        spec.approval(),
        0,
        true,
        Duration.ZERO,
        Duration.ofHours(2));
    start(spec);
    UpgradeReport report = result(); // waiting for the result lets the test server skip the 2 h
    assertEquals(Phase.ABORTED, report.outcome());
    assertTrue(
        report.reason().startsWith("no operator answered for w-2 within PT2H"), report.reason());
    assertEquals(NodeStatus.ROLLED_BACK, node(report, "w-2").status());
    assertEquals(
        NodeStatus.UPGRADED,
        node(report, "w-1").status(),
        "the healthy node of the batch finished");
  }

  @Test
  void testCancellationCompensatesTheNodeInFlight() throws Exception {
    cluster.failAt("w-1", NodeStep.KUBELET_RESTART, 1);
    start(TestClusters.spec("2", OnNodeFailure.WAIT_FOR_OPERATOR, ApprovalGate.NONE, 0));
    awaitProgress(x -> x.awaiting() != null);
    awaitUpgraded("w-2");
    WorkflowStub.fromTyped(wf).cancel();
    WorkflowFailedException e = assertThrows(WorkflowFailedException.class, this::result);
    assertTrue(e.getCause() instanceof CanceledFailure, e.getCause().toString());
    UpgradeReport report = wf.report();
    assertEquals(
        Phase.ABORTED, report.outcome(), "a cancelled upgrade wrote its report before it ended");
    assertTrue(report.reason().startsWith("cancelled"), report.reason());
    assertEquals(NodeStatus.UPGRADED, node(report, "w-2").status());
    assertEquals(
        "v1.30.6",
        node(report, "w-1").version(),
        "the report reads w-1's version from the cluster: rolled back");
    FakeCluster.Node w1 = cluster.node("w-1");
    assertEquals("1.30.6-1.1", w1.packages.get("kubelet"));
    assertEquals("v1.30.6", w1.kubelet);
    assertFalse(w1.unschedulable, "uncordoned on cancellation");
    assertTrue(cluster.callsOf("w-3").isEmpty());
  }

  @Test
  void testCancellationDuringASkipsCompensationLetsItFinish() throws Exception {
    cluster.failAt("w-1", NodeStep.KUBELET_PACKAGES, 1);
    cluster.holdDowngrades = true;
    start(TestClusters.spec("2", OnNodeFailure.WAIT_FOR_OPERATOR, ApprovalGate.NONE, 0));
    awaitProgress(x -> x.awaiting() != null);
    wf.skip("w-1");
    awaitUpgraded("w-2");
    cancelWhileTheRollbackOfW1IsHeld();
    cluster.releaseDowngrades();
    assertThrows(WorkflowFailedException.class, this::result);
    assertEquals(Phase.ABORTED, wf.report().outcome());
    assertTrue(
        cluster.callsOf("w-3").isEmpty(), "no node of the next batch started after the cancel");
    FakeCluster.Node w1 = cluster.node("w-1");
    assertEquals("1.30.6-1.1", w1.packages.get("kubeadm"));
    assertTrue(
        cluster.lastIndexOfPrefix("restartKubelet:w-1")
            > cluster.lastIndexOfPrefix("installPackages:w-1"),
        "kubelet restarted after the rollback");
    assertFalse(
        w1.unschedulable, "the compensation ran to its end: uncordoned despite the cancellation");
  }

  @Test
  void testCancellationWaitsForEveryNodeOfTheBatchToClose() throws Exception {
    // w-2 ends cancelled in a moment (its drain undo is an uncordon) while w-1 still reinstalls its
    // old packages:
    // the upgrade must not end before w-1's rollback has finished.
    cluster.failAt("w-1", NodeStep.KUBELET_PACKAGES, 1);
    cluster.failAt("w-2", NodeStep.DRAIN, 1);
    cluster.holdDowngrades = true;
    start(TestClusters.spec("2", OnNodeFailure.WAIT_FOR_OPERATOR, ApprovalGate.NONE, 0));
    awaitProgress(x ->
        x.nodes().stream().filter(r -> r.state().equals("awaiting-operator")).count() == 2);
    wf.skip("w-1");
    cancelWhileTheRollbackOfW1IsHeld();
    awaitProgress(
        x -> row(x, "w-2").state().equals("cancelled")); // w-2 closed while w-1 still rolls back
    assertTrue(
        cluster.node("w-1").packages.get("kubeadm").startsWith("1.31"),
        "w-1's rollback is still held");
    cluster.releaseDowngrades();
    assertThrows(WorkflowFailedException.class, this::result);
    assertEquals(
        "1.30.6-1.1",
        cluster.node("w-1").packages.get("kubeadm"),
        "w-1's rollback finished before the upgrade ended");
    assertFalse(cluster.node("w-1").unschedulable);
    assertFalse(cluster.node("w-2").unschedulable, "w-2 compensated on the cancellation");
    UpgradeProgress p = wf.progress();
    assertEquals(Phase.ABORTED, p.phase());
    assertEquals(
        "cancelled",
        row(p, "w-1").state(),
        "its node workflow closed cancelled, after its rollback");
    assertEquals("cancelled", row(p, "w-2").state());
  }

  /**
   * Waits until {@code node}'s workflow has closed upgraded, so a cancel sent next cannot land while one
   * of its activities is completing: the time-skipping test server rejects a workflow task that cancels
   * an activity completed during that task with ACTIVITY_UNKNOWN (temporalio/sdk-java#2391; a real server
   * accepts it), which leaves that node workflow stuck and the upgrade waiting for it until the timeout.
   */
  private void awaitUpgraded(String node) throws InterruptedException {
    awaitProgress(x -> row(x, node).state().equals(NodeStatus.UPGRADED.label()));
  }

  /**
   * Cancels the upgrade while w-1's rollback is held in its package downgrade, and returns once the
   * cancellation has reached w-1's node workflow. Until the test releases the rollback, w-1 cannot close
   * before it sees the cancel, so the upgrade can neither carry on to the next batch (whose new node
   * workflows the cancel would then meet mid-activity, see {@link #awaitUpgraded}) nor finish first.
   */
  private void cancelWhileTheRollbackOfW1IsHeld() throws InterruptedException {
    assertTrue(cluster.downgradeStarted.await(20, TimeUnit.SECONDS), "the rollback started");
    WorkflowStub.fromTyped(wf).cancel();
    String w1 = WorkflowIds.nodeUpgrade("lab1", RollingUpgradeWorkflowTest.TARGET, "w-1", 1);
    long deadline = System.currentTimeMillis() + 20_000;
    while (env.getWorkflowClient().fetchHistory(w1).getEvents().stream()
        .noneMatch(
            ev -> ev.getEventType() == EventType.EVENT_TYPE_WORKFLOW_EXECUTION_CANCEL_REQUESTED)) {
      if (System.currentTimeMillis() > deadline) {
        throw new AssertionError("the cancellation never reached w-1's node workflow");
      }
      Thread.sleep(50);
    }
  }

  private static NodeRow row(UpgradeProgress p, String name) {
    return p.nodes().stream().filter(r -> r.node().equals(name)).findFirst().orElseThrow();
  }

  @Test
  void testCircuitBreakerAbortsAfterMaxFailedNodes() {
    cluster.failAt("w-1", NodeStep.KUBEADM_UPGRADE, 1);
    cluster.failAt("w-2", NodeStep.KUBEADM_UPGRADE, 1);
    start(TestClusters.spec("2", OnNodeFailure.SKIP, ApprovalGate.NONE, 2));
    UpgradeReport report = result();
    assertEquals(Phase.ABORTED, report.outcome());
    assertEquals("circuit breaker: 2 node(s) failed (maxFailedNodes=2)", report.reason());
    assertEquals(NodeStatus.NOT_STARTED, node(report, "w-3").status());
    assertFalse(cluster.node("w-1").unschedulable);
    assertFalse(cluster.node("w-2").unschedulable);
  }

  @Test
  void testSkipPolicyCarriesOnBelowTheBreaker() {
    cluster.failAt("w-1", NodeStep.KUBEADM_UPGRADE, 1);
    start(TestClusters.spec("2", OnNodeFailure.SKIP, ApprovalGate.NONE, 2));
    UpgradeReport report = result();
    assertEquals(Phase.FAILED, report.outcome());
    assertEquals(NodeStatus.UPGRADED, node(report, "w-4").status());
  }

  @Test
  void testApprovalGateBeforeWorkersAndPause() throws Exception {
    start(TestClusters.spec("2", OnNodeFailure.WAIT_FOR_OPERATOR, ApprovalGate.BEFORE_WORKERS, 0));
    UpgradeProgress p = awaitProgress(x -> x.gate() != null);
    assertEquals(Phase.AWAITING_APPROVAL, p.phase());
    assertEquals("before-workers", p.gate());
    assertTrue(cluster.callsOf("w-1").isEmpty(), "no worker before the approval");
    assertEquals("v1.31.2", cluster.node("cp-3").kubelet);
    wf.pause("look at the dashboards first");
    rejected("pause: already paused (look at the dashboards first)", () -> wf.pause("again"));
    assertTrue(wf.approve("control planes look fine").startsWith("approved before-workers"));
    rejected("approve: no approval gate is open", () -> wf.approve("twice"));
    awaitProgress(x -> x.phase() == Phase.PAUSED);
    assertTrue(cluster.callsOf("w-1").isEmpty(), "paused: no new node starts");
    wf.resume();
    assertEquals(Phase.COMPLETED, result().outcome());
  }

  @Test
  void testSkipOfAControlPlaneIsRejected() throws Exception {
    cluster.failAt("cp-2", NodeStep.KUBEADM_UPGRADE, 1);
    start(TestClusters.spec("2", OnNodeFailure.WAIT_FOR_OPERATOR, ApprovalGate.NONE, 0));
    awaitProgress(x -> x.awaiting() != null);
    rejected(
        "skip: cp-2: control planes cannot be skipped: the cluster would run kubelets newer than its API server; retry or abort",
        () -> wf.skip("cp-2"));
    wf.abort("cp-2 broken");
    UpgradeReport report = result();
    assertEquals(Phase.ABORTED, report.outcome());
    assertTrue(cluster.callsOf("w-1").isEmpty(), "no worker after a failed control plane");
  }

  @Test
  void testSkipPolicyAbortsOnAControlPlaneFailure() {
    cluster.failAt("cp-2", NodeStep.KUBEADM_UPGRADE, 1);
    start(TestClusters.spec("2", OnNodeFailure.SKIP, ApprovalGate.NONE, 0));
    UpgradeReport report = result();
    assertEquals(Phase.ABORTED, report.outcome());
    assertTrue(
        report.reason().contains("onNodeFailure=skip does not apply to control planes"),
        report.reason());
    assertEquals(NodeStatus.ROLLED_BACK, node(report, "cp-2").status());
    assertEquals(NodeStatus.NOT_STARTED, node(report, "cp-3").status());
    assertTrue(cluster.callsOf("w-1").isEmpty(), "no worker after a failed control plane");
    assertFalse(cluster.node("cp-2").unschedulable);
  }

  /** A node child that fails outright on cp-2 (as a child hitting a bug would): no operator is asked. */
  public static class ControlPlaneChildFails extends NodeUpgradeWorkflowImpl {
    @Override
    public NodeReport upgrade(NodeUpgradeInput input) {
      if (input.host().node().equals("cp-2")) {
        throw io.temporal.failure.ApplicationFailure.newNonRetryableFailure("child bug", "Bug");
      }
      return super.upgrade(input);
    }
  }

  @Test
  void testAControlPlaneChildThatFailsOutrightStopsTheUpgrade() {
    env = TestClusters.start(
        cluster,
        dev.bosun.workflows.drain.NodeDrainWorkflowImpl.class,
        dev.bosun.workflows.drain.UncordonWorkflowImpl.class,
        RollingUpgradeWorkflowImpl.class,
        ControlPlaneChildFails.class,
        PlanUpgradeWorkflowImpl.class);
    wf = TestClusters.startUpgrade(
        env,
        UpgradeRequest.fresh(
            TestClusters.inventory(cluster),
            RollingUpgradeWorkflowTest.TARGET,
            TestClusters.spec("2", OnNodeFailure.WAIT_FOR_OPERATOR, ApprovalGate.NONE, 0)));
    UpgradeReport report = result();
    assertEquals(Phase.ABORTED, report.outcome());
    assertTrue(report.reason().startsWith("control plane cp-2 ended failed"), report.reason());
    assertTrue(cluster.callsOf("w-1").isEmpty(), "no worker after a failed control plane");
  }
}
