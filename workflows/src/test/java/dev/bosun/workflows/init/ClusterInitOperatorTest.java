package dev.bosun.workflows.init;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bosun.workflows.BosunSearchAttributes;
import dev.bosun.workflows.WorkflowIds;
import dev.bosun.workflows.activities.HypervisorErrors;
import dev.bosun.workflows.testing.FakeLab;
import dev.bosun.workflows.testing.InitLabs;
import dev.bosun.workflows.testing.TestClusters;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowFailedException;
import io.temporal.client.WorkflowStub;
import io.temporal.client.WorkflowUpdateException;
import io.temporal.failure.ApplicationFailure;
import io.temporal.failure.CanceledFailure;
import io.temporal.testing.TestWorkflowEnvironment;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.function.Executable;

/** retry / skip / abort through updates and their validators; an unsuitable hypervisor refused before anything exists. */
@Timeout(60)
// reproduced alone)
class ClusterInitOperatorTest {

  private final FakeLab lab = InitLabs.lab(20);
  private TestWorkflowEnvironment env;
  private ClusterInitWorkflow wf;

  @AfterEach
  void close() {
    if (env != null) env.close();
  }

  private void start() {
    env = InitLabs.start(lab);
    wf = env.getWorkflowClient()
        .newWorkflowStub(
            ClusterInitWorkflow.class, TestClusters.options(WorkflowIds.mutation("lab1")));
    WorkflowClient.start(wf::init, new InitRequest(InitLabs.inventory()));
  }

  private InitReport result() {
    return WorkflowStub.fromTyped(wf).getResult(InitReport.class);
  }

  private InitProgress awaitWaiting(String node) throws InterruptedException {
    return InitLabs.awaitProgress(wf, p -> node.equals(p.waitingNode()));
  }

  private static void rejected(String expected, Executable update) {
    WorkflowUpdateException e = assertThrows(WorkflowUpdateException.class, update);
    String message = e.getCause().getMessage();
    assertTrue(message.contains(expected), "expected '" + expected + "' in: " + message);
  }

  private static InitNodeRow row(InitReport r, String node) {
    return r.nodes().stream().filter(n -> n.node().equals(node)).findFirst().orElseThrow();
  }

  @Test
  void testRetryRunsTheFailedStepAgainAndCarriesOn() throws Exception {
    lab.failAt("waitForAddress:cp-2", 1);
    start();
    InitProgress p = awaitWaiting("cp-2");
    assertEquals("failed", row(p, "cp-2").status());
    assertEquals(
        "AwaitingOperator",
        env.getWorkflowClient()
            .newUntypedWorkflowStub(WorkflowIds.mutation("lab1"))
            .describe()
            .getTypedSearchAttributes()
            .get(BosunSearchAttributes.PHASE));
    assertTrue(wf.retry("cp-2").startsWith("retrying cp-2 from step wait-for-address"));
    InitReport report = result();
    assertEquals(InitReport.SUCCEEDED, report.outcome());
    assertEquals(2, lab.count("waitForAddress:cp-2"));
    assertEquals(
        1, lab.count("createVm:cp-2"), "the retry runs the failed step, not the VM's creation");
    assertEquals(InitView.READY, row(report, "cp-2").status());
  }

  @Test
  void testARetriedJoinRegistersItsUndoOnce() throws Exception {
    lab.failAt("kubeadmJoin:w-1", 1).failAt("labelNode:w-2", 1);
    start();
    awaitWaiting("w-1");
    wf.retry("w-1");
    awaitWaiting("w-2");
    wf.abort("enough");
    assertEquals(InitReport.ABORTED, result().outcome());
    assertEquals(2, lab.count("kubeadmJoin:w-1"));
    assertEquals(1, lab.count("kubeadmReset:w-1"), "one undo for a step run twice");
    assertTrue(lab.joined.isEmpty());
    assertTrue(lab.vmNames().isEmpty());
  }

  @Test
  void testSkipOfAWorkerUndoesOnlyItAndTheInitGoesOnWithoutIt() throws Exception {
    lab.failAt("kubeadmJoin:w-2", 1);
    start();
    awaitWaiting("w-2");
    assertTrue(wf.skip("w-2").startsWith("skipping w-2"));
    InitReport report = result();
    assertEquals(
        InitReport.FAILED, report.outcome(), "built, but without a node the inventory asks for");
    assertEquals(InitView.SKIPPED, row(report, "w-2").status());
    assertTrue(
        row(report, "w-2").detail().startsWith("skipped after kubeadm-join: injected failure"),
        row(report, "w-2").detail());
    assertEquals(List.of("kubeadmReset:w-2"), lab.callsOf("kubeadmReset"));
    assertEquals(List.of("destroyVm:w-2"), lab.callsOf("destroyVm"));
    assertFalse(lab.vmNames().contains("hv-b/w-2"));
    assertEquals(5, lab.vmNames().size());
    assertFalse(lab.calls.contains("waitForNodeReady:w-2"));
    assertFalse(lab.calls.contains("labelNode:w-2"));
    for (String n : List.of("cp-1", "cp-2", "cp-3", "w-1", "w-3")) {
      assertEquals(InitView.READY, row(report, n).status(), n);
    }
    assertTrue(
        report.notes().stream().anyMatch(n -> n.startsWith("w-2 skipped by the operator")),
        report.notes().toString());
    assertTrue(
        report.notes().stream().anyMatch(n -> n.startsWith("destroy VM of w-2 on hv-b: done")),
        report.notes().toString());
  }

  @Test
  void testValidatorsRejectWhatDoesNotFit() throws Exception {
    lab.failAt("kubeadmJoin:cp-2", 1);
    start();
    awaitWaiting("cp-2");
    rejected("skip: cp-2: " + InitOperator.CONTROL_PLANE_SKIP_REFUSAL, () -> wf.skip("cp-2"));
    rejected("retry: w-1 is not waiting for an operator (it is ", () -> wf.retry("w-1"));
    rejected(
        "retry: no node named 'nope' is waiting in cluster lab1 (waiting: cp-2)",
        () -> wf.retry("nope"));
    rejected("skip: no node named 'hv-a'", () -> wf.skip("hv-a"));
    wf.retry("cp-2");
    assertEquals(InitReport.SUCCEEDED, result().outcome());
    assertEquals(2, lab.count("kubeadmJoin:cp-2"));
  }

  @Test
  void testAFailedInspectionWaitsAsTheHypervisorAndCannotBeSkipped() throws Exception {
    lab.failAt("inspectHypervisor:hv-c", 1);
    start();
    InitProgress p = awaitWaiting("hv-c");
    assertTrue(p.details().contains("hypervisor hv-c failed at inspect-hypervisor"), p.details());
    rejected("skip: hv-c is a hypervisor, not a node: retry or abort", () -> wf.skip("hv-c"));
    wf.retry("hv-c");
    assertEquals(InitReport.SUCCEEDED, result().outcome());
  }

  @Test
  void testAnUnsuitableHypervisorFailsTheInitBeforeAnythingIsCreated() {
    lab.unsuitable.add("hv-b");
    start();
    WorkflowFailedException e = assertThrows(WorkflowFailedException.class, this::result);
    ApplicationFailure cause = assertInstanceOf(ApplicationFailure.class, e.getCause());
    assertEquals(HypervisorErrors.UNSUITABLE, cause.getType());
    assertTrue(
        cause
            .getOriginalMessage()
            .startsWith(
                "refusing to build the cluster, nothing was created: client Hyper-V on hv-b"),
        cause.getOriginalMessage());
    assertTrue(lab.callsOf("createVm").isEmpty());
    assertTrue(lab.vmNames().isEmpty());
    assertEquals(Set.of(), Set.copyOf(lab.callsOf("destroyVm")));
  }

  /** Once something exists, even an unsuitable answer waits for the operator: failing then would leave it behind. */
  @Test
  void testUnsuitableAfterSomethingExistsWaitsForTheOperator() throws Exception {
    lab.failAt("createVm:w-2", 1, HypervisorErrors.UNSUITABLE);
    start();
    awaitWaiting("w-2");
    wf.abort("no");
    assertEquals(InitReport.ABORTED, result().outcome());
    assertTrue(lab.vmNames().isEmpty());
  }

  @Test
  void testAnInvalidRequestFailsBeforeAnyActivity() {
    env = InitLabs.start(lab);
    wf = env.getWorkflowClient()
        .newWorkflowStub(
            ClusterInitWorkflow.class, TestClusters.options(WorkflowIds.mutation("lab1")));
    var inv = InitLabs.inventory();
    var noControlPlane = new dev.bosun.workflows.model.Inventory(
        inv.cluster(),
        inv.kubernetes(),
        inv.ssh(),
        null,
        inv.workers(),
        inv.upgrade(),
        null,
        null,
        inv.hypervisors(),
        inv.init());
    WorkflowFailedException e =
        assertThrows(WorkflowFailedException.class, () -> wf.init(new InitRequest(noControlPlane)));
    assertTrue(
        e.getCause().getMessage().contains("nodes: at least one node must have role control-plane"),
        e.getCause().getMessage());
    assertTrue(lab.calls.isEmpty());
  }

  /** A cancel (not an abort) while a node waits: everything is undone before the run ends cancelled. */
  @Test
  void testACancelWhileANodeWaitsUndoesEverything() throws Exception {
    lab.failAt("kubeadmJoin:w-1", 1);
    start();
    awaitWaiting("w-1");
    long deadline = System.currentTimeMillis() + 20_000;
    while (!(lab.calls.contains("joined:w-2") && lab.calls.contains("joined:w-3"))
        && System.currentTimeMillis() < deadline) {
      Thread.sleep(
          20); // the other lanes have ended: only the operator's wait is left to end on the cancel
    }
    WorkflowStub.fromTyped(wf).cancel();
    WorkflowFailedException e = assertThrows(WorkflowFailedException.class, this::result);
    assertInstanceOf(CanceledFailure.class, e.getCause());
    assertTrue(lab.vmNames().isEmpty(), lab.vmNames().toString());
    assertTrue(lab.joined.isEmpty(), lab.joined.toString());
  }

  private static InitNodeRow row(InitProgress p, String node) {
    return p.nodes().stream().filter(n -> n.node().equals(node)).findFirst().orElseThrow();
  }
}
