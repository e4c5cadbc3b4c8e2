package dev.bosun.workflows.upgrade;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bosun.workflows.Phase;
import dev.bosun.workflows.WorkflowIds;
import dev.bosun.workflows.model.ApprovalGate;
import dev.bosun.workflows.model.KubeVersion;
import dev.bosun.workflows.model.OnNodeFailure;
import dev.bosun.workflows.model.UpgradeSpec;
import dev.bosun.workflows.testing.FakeCluster;
import dev.bosun.workflows.testing.TestClusters;
import io.temporal.client.WorkflowFailedException;
import io.temporal.client.WorkflowNotFoundException;
import io.temporal.client.WorkflowStub;
import io.temporal.client.WorkflowUpdateException;
import io.temporal.failure.ApplicationFailure;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.testing.WorkflowReplayer;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.function.Executable;

/**
 * Minor-version chains: v1.30.6 → v1.32.4 as two hops (v1.31's latest patch from its package index), one child
 * RollingUpgrade each; a failure in hop 2 resumed at its failed node; an abort in hop 1 stopping the chain; the
 * refusals before any change.
 */
@Timeout(90)
class HopChainWorkflowTest {

  static final KubeVersion TARGET = KubeVersion.parse("v1.32.4");
  static final String HOP1 = WorkflowIds.upgradeHop("lab1", KubeVersion.parse("v1.31.9"));
  static final String HOP2 = WorkflowIds.upgradeHop("lab1", TARGET);

  private FakeCluster cluster = new FakeCluster("v1.30.6", 1, 3);
  private TestWorkflowEnvironment env;
  private RollingUpgradeWorkflow wf;

  @AfterEach
  void close() {
    if (env != null) env.close();
  }

  private static UpgradeSpec spec(OnNodeFailure onFailure, ApprovalGate approval) {
    return TestClusters.spec("1", onFailure, approval, 0);
  }

  private void start(KubeVersion target, UpgradeSpec spec) {
    env = TestClusters.start(cluster);
    wf = TestClusters.startUpgrade(
        env, UpgradeRequest.fresh(TestClusters.inventory(cluster), target, spec));
  }

  /** Waits, without letting the test server skip time, until the chain is no longer running. */
  private void awaitClosed() throws InterruptedException {
    long deadline = System.currentTimeMillis() + 30_000;
    while (WorkflowStub.fromTyped(wf).describe().getStatus()
        == io.temporal.api.enums.v1.WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING) {
      assertTrue(System.currentTimeMillis() < deadline, "the chain never closed after its cancel");
      Thread.sleep(50);
    }
  }

  private UpgradeReport result() {
    return WorkflowStub.fromTyped(wf).getResult(UpgradeReport.class);
  }

  /** The running hop, as a client finds it: the chain's current-hop query. */
  private RollingUpgradeWorkflow hop(String id) throws InterruptedException {
    long deadline = System.currentTimeMillis() + 20_000;
    while (!id.equals(wf.currentHop())) {
      assertTrue(System.currentTimeMillis() < deadline, "hop " + id + " never ran");
      Thread.sleep(50);
    }
    return env.getWorkflowClient().newWorkflowStub(RollingUpgradeWorkflow.class, id);
  }

  /** A chain gated before workers, held at hop 1's gate; returns hop 1. */
  private RollingUpgradeWorkflow startAndWaitAtHop1Gate() throws InterruptedException {
    start(TARGET, spec(OnNodeFailure.WAIT_FOR_OPERATOR, ApprovalGate.BEFORE_WORKERS));
    RollingUpgradeWorkflow hop1 = hop(HOP1);
    TestClusters.awaitProgress(hop1, x -> x.gate() != null);
    return hop1;
  }

  private void assertHop2NeverStarted() {
    assertThrows(
        WorkflowNotFoundException.class,
        () -> env.getWorkflowClient().newUntypedWorkflowStub(HOP2).describe(),
        "hop 2 never started");
  }

  private long count(String call) {
    synchronized (cluster) {
      return cluster.calls.stream().filter(call::equals).count();
    }
  }

  /** Starts the chain and asserts it is refused before any change, naming each of {@code named}. */
  private void assertRefusedNaming(String... named) {
    start(TARGET, spec(OnNodeFailure.WAIT_FOR_OPERATOR, ApprovalGate.NONE));
    WorkflowFailedException e = assertThrows(WorkflowFailedException.class, this::result);
    ApplicationFailure af = (ApplicationFailure) e.getCause();
    assertEquals(HopPlanner.REFUSED, af.getType());
    assertTrue(cluster.mutatingCalls.isEmpty(), "nothing changed: " + cluster.mutatingCalls);
    for (String n : named) {
      assertTrue(af.getOriginalMessage().contains(n), af.getOriginalMessage());
    }
  }

  @Test
  void testTwoHopsTakeEveryNodeToTheTargetThroughTheLatestIntermediatePatch() {
    start(TARGET, spec(OnNodeFailure.WAIT_FOR_OPERATOR, ApprovalGate.NONE));
    UpgradeReport r = result();
    assertEquals(Phase.COMPLETED, r.outcome(), r.reason());
    assertEquals("v1.30.6", r.from());
    assertEquals(2, r.hops().size());
    HopReport h1 = r.hops().get(0);
    HopReport h2 = r.hops().get(1);
    assertEquals(
        "v1.30.6 v1.31.9 Completed 4",
        h1.from() + " " + h1.to() + " " + h1.outcome() + " " + h1.nodes());
    assertEquals(
        "v1.31.9 v1.32.4 Completed 4",
        h2.from() + " " + h2.to() + " " + h2.outcome() + " " + h2.nodes());
    assertEquals(HOP1, h1.workflowId());
    assertNotNull(h1.snapshot());
    assertNotNull(h2.snapshot());
    assertEquals(2, count("etcdSnapshot:cp-1"), "one etcd snapshot per hop");
    assertEquals(2, count("kubeadmUpgradeApply:cp-1"), "each hop upgrades the first control plane");
    cluster.nodes.values().forEach(n -> {
      assertEquals("v1.32.4", n.kubelet, n.name);
      assertEquals("1.32.4-1.1", n.packages.get("kubeadm"), n.name);
      assertFalse(n.unschedulable, n.name);
    });
    assertTrue(
        cluster.indexOf("latestPackageVersion:cp-1:v1.31")
            < cluster.indexOf("setPackageRepository:cp-1"),
        "the chain reads v1.31's index before any change");
    assertNull(wf.currentHop(), "no hop runs once the chain ended");
    assertEquals(Phase.COMPLETED, wf.report().outcome());
  }

  @Test
  void testAChainAndItsHopsReplay() throws Exception {
    start(TARGET, spec(OnNodeFailure.WAIT_FOR_OPERATOR, ApprovalGate.NONE));
    assertEquals(Phase.COMPLETED, result().outcome());
    for (String id : new String[] {WorkflowIds.mutation("lab1"), HOP1, HOP2}) {
      WorkflowReplayer.replayWorkflowExecution(
          env.getWorkflowClient().fetchHistory(id), RollingUpgradeWorkflowImpl.class);
    }
  }

  @Test
  void testFailureInHop2WaitsThereAndRetryResumesAtItsFailedNode() throws Exception {
    // armed by hop 2's kubeadm upgrade apply on cp-1 (hop 1's arms this hook, hop 2's the failure)
    cluster.onKubeadmUpgrade.put(
        "cp-1",
        () -> cluster.onKubeadmUpgrade.put(
            "cp-1", () -> cluster.failAt("w-2", NodeStep.KUBEADM_UPGRADE, 1)));
    start(TARGET, spec(OnNodeFailure.WAIT_FOR_OPERATOR, ApprovalGate.NONE));
    RollingUpgradeWorkflow hop2 = hop(HOP2);
    UpgradeProgress p = TestClusters.awaitProgress(hop2, x -> x.awaiting() != null);
    assertEquals("w-2", p.awaiting().node());
    UpgradeProgress chain = wf.progress();
    assertEquals("hop 2 of 2: v1.31.9 → v1.32.4", chain.chain().currentTitle());
    assertEquals(1, chain.chain().finished().size());
    // node and gate commands sent to the chain itself (as from the Temporal UI): refused, naming
    // the hop
    for (Executable sentToTheChain : List.<Executable>of(
        () -> wf.retry("w-2", null), () -> wf.skip("w-2"), () -> wf.approve("x"))) {
      WorkflowUpdateException e = assertThrows(WorkflowUpdateException.class, sentToTheChain);
      assertTrue(
          e.getCause().getMessage().contains("are in its running hop " + HOP2 + ": send ")
              && e.getCause().getMessage().contains("there (the bosun CLI does so itself)"),
          e.getCause().getMessage());
    }
    assertEquals("w-2", hop2.progress().awaiting().node(), "nothing changed by the refusals");

    assertTrue(hop2.retry("w-2", null).startsWith("retrying w-2 from step kubeadm-upgrade"));
    UpgradeReport r = result();
    assertEquals(Phase.COMPLETED, r.outcome(), r.reason());
    assertEquals(2, r.hops().size());
    assertEquals(3, count("kubeadmUpgradeNode:w-2"), "hop 1 once, hop 2 failed once and retried");
    assertEquals(2, count("kubeadmUpgradeNode:w-1"), "hop 1 is not redone");
    assertEquals(2, count("kubeadmUpgradeApply:cp-1"));
    assertEquals(2, count("etcdSnapshot:cp-1"));
    cluster.nodes.values().forEach(n -> assertEquals("v1.32.4", n.kubelet, n.name));
  }

  @Test
  void testAbortDuringHop1StopsTheChain() throws Exception {
    RollingUpgradeWorkflow hop1 = startAndWaitAtHop1Gate();
    hop1.abort("maintenance cancelled");
    UpgradeReport r = result();
    assertEquals(Phase.ABORTED, r.outcome(), r.reason());
    assertEquals(1, r.hops().size());
    assertTrue(r.reason().startsWith("hop 1 of 2: v1.30.6 → v1.31.9 ended Aborted"), r.reason());
    assertTrue(r.reason().contains("the hops after it did not start"), r.reason());
    assertEquals(1, count("kubeadmUpgradeApply:cp-1"));
    assertEquals("v1.31.9", cluster.node("cp-1").kubelet);
    assertEquals("v1.30.6", cluster.node("w-1").kubelet);
    assertHop2NeverStarted();
  }

  @Test
  void testACancelledChainCancelsItsHopAndKeepsItsReport() throws Exception {
    RollingUpgradeWorkflow hop1 = startAndWaitAtHop1Gate();
    WorkflowStub.fromTyped(wf).cancel();
    // Not getResult at once: it lets the test server skip time, and under load it skipped to the
    // run's
    // timeout before the cancel was handled (failed once in a fresh-clone run).
    awaitClosed();
    WorkflowFailedException e = assertThrows(WorkflowFailedException.class, this::result);
    assertTrue(e.getCause() instanceof io.temporal.failure.CanceledFailure, e.toString());
    UpgradeReport r = wf.report();
    assertEquals(Phase.ABORTED, r.outcome());
    assertEquals("cancelled during hop 1 of 2: v1.30.6 → v1.31.9", r.reason());
    assertEquals(1, r.hops().size());
    assertEquals(Phase.ABORTED, hop1.report().outcome(), "the hop was cancelled with the chain");
    assertHop2NeverStarted();
  }

  @Test
  void testPauseBetweenHopsHoldsTheNextHop() throws Exception {
    RollingUpgradeWorkflow hop1 = startAndWaitAtHop1Gate();
    wf.pause("hold the chain"); // reaches the chain itself: it holds before the next hop
    hop1.approve("go");
    TestClusters.awaitProgress(wf, x -> x.phase() == Phase.PAUSED);
    assertNull(wf.currentHop());
    assertHop2NeverStarted();
    wf.resume();
    RollingUpgradeWorkflow hop2 = hop(HOP2);
    TestClusters.awaitProgress(hop2, x -> x.gate() != null);
    hop2.approve("go");
    assertEquals(Phase.COMPLETED, result().outcome());
  }

  @Test
  void testATargetTheRepositoryLacksIsRefusedNamingTheHopAndRepository() {
    cluster.targetPackagesAvailable = false;
    assertRefusedNaming(
        "hop 2 of 2 (v1.31.9 → v1.32.4)", "https://pkgs.k8s.io/core:/stable:/v1.32/deb/");
  }

  @Test
  void testAnIntermediateMinorTheRepositoryLacksIsRefused() {
    cluster.missingMinors.add("v1.31");
    assertRefusedNaming(
        "hop 1 of 2 (v1.30.6 → v1.31.latest)", "https://pkgs.k8s.io/core:/stable:/v1.31/deb/");
  }

  @Test
  void testADowngradeIsRefused() {
    cluster = new FakeCluster("v1.33.1", 1, 1);
    assertRefusedNaming("v1.33.1 → v1.32.4 is a downgrade");
  }

  @Test
  void testASingleMinorUpgradeIsNoChain() {
    start(KubeVersion.parse("v1.31.2"), spec(OnNodeFailure.WAIT_FOR_OPERATOR, ApprovalGate.NONE));
    UpgradeReport r = result();
    assertEquals(Phase.COMPLETED, r.outcome());
    assertNull(r.hops());
    assertFalse(cluster.calls.stream().anyMatch(c -> c.startsWith("latestPackageVersion")));
    assertFalse(
        env.getWorkflowClient().fetchHistory(WorkflowIds.mutation("lab1")).getEvents().stream()
            .anyMatch(e -> e.hasMarkerRecordedEventAttributes()
                && e.getMarkerRecordedEventAttributes()
                    .toString()
                    .contains(HopPlanner.CHAINS_CHANGE)),
        "no chain marker in a single-minor history");
  }

  @Test
  void testPlanShowsEveryHop() {
    env = TestClusters.start(cluster);
    PlanUpgradeWorkflow plan = env.getWorkflowClient()
        .newWorkflowStub(PlanUpgradeWorkflow.class, TestClusters.options("plan-1"));
    UpgradePlanReport r = plan.plan(UpgradeRequest.fresh(
        TestClusters.inventory(cluster),
        TARGET,
        spec(OnNodeFailure.WAIT_FOR_OPERATOR, ApprovalGate.NONE)));
    assertFalse(r.blocked(), r.findings().toString());
    assertEquals(2, r.hops().size());
    assertEquals("hop 1 of 2: v1.30.6 → v1.31.9", r.hops().get(0).title(2));
    assertEquals("1.31.9-1.1", r.hops().get(0).packageVersion());
    assertEquals("https://pkgs.k8s.io/core:/stable:/v1.32/deb/", r.hops().get(1).repository());
    assertEquals("1.32.4-1.1", r.packageVersion());
    assertEquals(4, r.batches().stream().mapToInt(java.util.List::size).sum());
    assertTrue(cluster.mutatingCalls.isEmpty(), cluster.mutatingCalls.toString());
  }
}
