package dev.bosun.workflows.upgrade;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bosun.workflows.BosunSearchAttributes;
import dev.bosun.workflows.Phase;
import dev.bosun.workflows.WorkflowIds;
import dev.bosun.workflows.activities.PodRef;
import dev.bosun.workflows.model.ApprovalGate;
import dev.bosun.workflows.model.KubeVersion;
import dev.bosun.workflows.model.OnNodeFailure;
import dev.bosun.workflows.model.UpgradeSpec;
import dev.bosun.workflows.testing.FakeCluster;
import dev.bosun.workflows.testing.TestClusters;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowExecutionDescription;
import io.temporal.testing.TestWorkflowEnvironment;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(60)
class RollingUpgradeWorkflowTest {

  static final KubeVersion TARGET = KubeVersion.parse("v1.31.2");

  private final FakeCluster cluster = new FakeCluster("v1.30.6", 3, 5);
  private TestWorkflowEnvironment env;

  @AfterEach
  void close() {
    if (env != null) env.close();
  }

  private UpgradeReport upgrade(UpgradeSpec spec) {
    env = TestClusters.start(cluster);
    RollingUpgradeWorkflow wf = env.getWorkflowClient()
        .newWorkflowStub(
            RollingUpgradeWorkflow.class, TestClusters.options(WorkflowIds.mutation("lab1")));
    return wf.upgrade(UpgradeRequest.fresh(TestClusters.inventory(cluster), TARGET, spec));
  }

  @Test
  void testHappyPathUpgradesEveryNode() {
    UpgradeReport report =
        upgrade(TestClusters.spec("2", OnNodeFailure.WAIT_FOR_OPERATOR, ApprovalGate.NONE, 0));
    assertEquals(Phase.COMPLETED, report.outcome());
    assertEquals(8, report.nodes().size());
    for (NodeReport n : report.nodes()) {
      assertEquals(NodeStatus.UPGRADED, n.status(), n.toString());
      assertEquals("v1.30.6", n.from());
      assertEquals("v1.31.2", n.version());
    }
    cluster.nodes.values().forEach(n -> {
      assertEquals("v1.31.2", n.kubelet);
      assertEquals("1.31.2-1.1", n.packages.get("kubeadm"));
      assertFalse(n.unschedulable, n.name + " is uncordoned again");
    });
    assertNotNull(report.snapshot());
    assertTrue(
        report.snapshot().path().matches("/var/backups/bosun-etcd-lab1-\\d{8}T\\d{6}Z\\.db"),
        report.snapshot().path());
    int snapshot = cluster.indexOf("etcdSnapshot:cp-1");
    assertTrue(
        snapshot >= 0 && snapshot < cluster.indexOf("cordon:cp-1"),
        "snapshot before any control-plane change");
    assertTrue(report.compensations().isEmpty());
  }

  @Test
  void testOrderApplyFirstControlPlanesAloneWorkersInBatches() {
    upgrade(TestClusters.spec("2", OnNodeFailure.WAIT_FOR_OPERATOR, ApprovalGate.NONE, 0));
    assertTrue(cluster.indexOf("kubeadmUpgradeApply:cp-1") >= 0);
    assertFalse(cluster.calls.contains("kubeadmUpgradeApply:cp-2"));
    assertTrue(cluster.indexOf("kubeadmUpgradeNode:cp-2") >= 0);
    // Control planes never overlap: each one's first call comes after the previous one's last call.
    List<String> cps = List.of("cp-1", "cp-2", "cp-3");
    for (int i = 1; i < cps.size(); i++) {
      assertTrue(
          cluster.lastIndexOfPrefix("checkControlPlane:" + cps.get(i - 1))
              < cluster.indexOf("cordon:" + cps.get(i)),
          cps.get(i) + " starts after " + cps.get(i - 1) + " passed its health gate");
    }
    int lastCp = cluster.lastIndexOfPrefix("checkControlPlane:cp-3");
    for (int w = 1; w <= 5; w++) {
      assertTrue(cluster.indexOf("cordon:w-" + w) > lastCp, "workers after every control plane");
    }
    assertTrue(
        cluster.maxBosunCordoned <= 2,
        "at most maxUnavailable workers out at once, saw " + cluster.maxBosunCordoned);
    assertTrue(
        cluster.indexOf("cordon:w-3") > cluster.lastIndexOfPrefix("uncordon:w-1"),
        "batch 2 after batch 1");
  }

  @Test
  void testUiMetadataSummariesAndSearchAttributes() {
    upgrade(TestClusters.spec("3", OnNodeFailure.WAIT_FOR_OPERATOR, ApprovalGate.NONE, 0));
    WorkflowClient client = env.getWorkflowClient();
    String cp1 = WorkflowIds.nodeUpgrade("lab1", TARGET, "cp-1", 1);
    WorkflowExecutionDescription child = client.newUntypedWorkflowStub(cp1).describe();
    assertEquals("Upgrade cp-1 v1.30.6 → v1.31.2", child.getStaticSummary());
    assertEquals(
        "node-upgrade", child.getTypedSearchAttributes().get(BosunSearchAttributes.OPERATION));
    assertEquals(
        "v1.31.2", child.getTypedSearchAttributes().get(BosunSearchAttributes.TARGET_VERSION));
    List<String> summaries = client.fetchHistory(cp1).getEvents().stream()
        .filter(HistoryEvent::hasUserMetadata)
        .map(ev -> ev.getUserMetadata().getSummary().getData().toStringUtf8())
        .toList();
    assertTrue(
        summaries.contains("\"kubeadm upgrade apply v1.31.2 on cp-1\""), summaries.toString());
    assertTrue(
        summaries.contains("\"apt-get install kubelet=1.31.2-1.1 kubectl=1.31.2-1.1 on cp-1\""),
        summaries.toString());
    WorkflowExecutionDescription parent =
        client.newUntypedWorkflowStub(WorkflowIds.mutation("lab1")).describe();
    assertEquals("Completed", parent.getTypedSearchAttributes().get(BosunSearchAttributes.PHASE));
    assertEquals(8L, parent.getTypedSearchAttributes().get(BosunSearchAttributes.NODES_DONE));
    assertEquals(8L, parent.getTypedSearchAttributes().get(BosunSearchAttributes.NODES_TOTAL));
  }

  /** The PDB that held the pod, known while the drain ran, is still named in the final report. */
  @Test
  void testADrainTimedOutBehindAPdbSaysSoInTheReport() {
    cluster.node("w-1").pods.add(new PodRef("default", "web-0", 30));
    cluster.node("w-1").podsStuck = true; // every eviction answered 429 by PDB default/app-pdb
    UpgradeReport report =
        upgrade(TestClusters.spec("2", OnNodeFailure.SKIP, ApprovalGate.NONE, 0));
    NodeReport w1 =
        report.nodes().stream().filter(n -> n.node().equals("w-1")).findFirst().orElseThrow();
    assertEquals(NodeStatus.ROLLED_BACK, w1.status());
    assertEquals("drain", w1.failedStep());
    assertTrue(
        w1.error().startsWith("drain timed out with 2 pod(s) left: [default/app-1, default/web-0]"),
        w1.error());
    assertTrue(w1.error().contains("; 2 pod(s) blocked by PDB default/app-pdb"), w1.error());
  }

  @Test
  void testPreCordonedNodeStaysCordoned() {
    cluster.node("w-2").unschedulable = true;
    UpgradeReport report =
        upgrade(TestClusters.spec("2", OnNodeFailure.WAIT_FOR_OPERATOR, ApprovalGate.NONE, 0));
    assertEquals(Phase.COMPLETED, report.outcome());
    assertTrue(cluster.node("w-2").unschedulable);
    assertFalse(cluster.calls.contains("uncordon:w-2"));
    assertEquals("v1.31.2", cluster.node("w-2").kubelet);
    assertTrue(report.preflight().stream()
        .anyMatch(f -> f.check().label().equals("cordoned") && f.message().contains("w-2")));
  }

  @Test
  void testNodesAlreadyAtTargetAreNotTouched() {
    cluster.node("w-4").kubelet = "v1.31.2";
    UpgradeReport report =
        upgrade(TestClusters.spec("2", OnNodeFailure.WAIT_FOR_OPERATOR, ApprovalGate.NONE, 0));
    assertEquals(
        NodeStatus.ALREADY_AT_TARGET,
        report.nodes().stream()
            .filter(n -> n.node().equals("w-4"))
            .findFirst()
            .orElseThrow()
            .status());
    assertTrue(cluster.callsOf("w-4").isEmpty(), cluster.callsOf("w-4").toString());
  }

  @Test
  void testEveryNodeAtTargetCompletesWithNothingToDo() {
    cluster.nodes.values().forEach(n -> {
      n.kubelet = "v1.31.2";
      n.staticPods = n.controlPlane ? "v1.31.2" : null;
    });
    UpgradeReport report =
        upgrade(TestClusters.spec("2", OnNodeFailure.WAIT_FOR_OPERATOR, ApprovalGate.NONE, 0));
    assertEquals(Phase.COMPLETED, report.outcome());
    assertTrue(
        report.nodes().stream().allMatch(n -> n.status().equals(NodeStatus.ALREADY_AT_TARGET)));
    assertTrue(cluster.mutatingCalls.isEmpty(), cluster.mutatingCalls.toString());
  }
}
