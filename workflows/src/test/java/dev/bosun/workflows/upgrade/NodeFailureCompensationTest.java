package dev.bosun.workflows.upgrade;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bosun.workflows.Phase;
import dev.bosun.workflows.WorkflowIds;
import dev.bosun.workflows.model.ApprovalGate;
import dev.bosun.workflows.model.OnNodeFailure;
import dev.bosun.workflows.testing.FakeCluster;
import dev.bosun.workflows.testing.TestClusters;
import io.temporal.testing.TestWorkflowEnvironment;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** A failure at every step with onNodeFailure=abort, on a worker and on a control plane. */
@Timeout(60)
class NodeFailureCompensationTest {

  private final FakeCluster cluster = new FakeCluster("v1.30.6", 3, 4);
  private TestWorkflowEnvironment env;

  @AfterEach
  void close() {
    if (env != null) env.close();
  }

  private UpgradeReport upgradeFailingAt(String node, NodeStep step) {
    cluster.failAt(node, step, 1);
    env = TestClusters.start(cluster);
    RollingUpgradeWorkflow wf = env.getWorkflowClient()
        .newWorkflowStub(
            RollingUpgradeWorkflow.class, TestClusters.options(WorkflowIds.mutation("lab1")));
    return wf.upgrade(UpgradeRequest.fresh(
        TestClusters.inventory(cluster),
        RollingUpgradeWorkflowTest.TARGET,
        TestClusters.spec("2", OnNodeFailure.ABORT, ApprovalGate.NONE, 0)));
  }

  private static NodeReport node(UpgradeReport r, String name) {
    return r.nodes().stream().filter(n -> n.node().equals(name)).findFirst().orElseThrow();
  }

  @ParameterizedTest
  // a worker's etcd-quorum step reads nothing (it has no member), so it cannot fail
  @EnumSource(value = NodeStep.class, names = "ETCD_QUORUM", mode = EnumSource.Mode.EXCLUDE)
  void testWorkerFailureReinstallsPreviousPackagesRestartsKubeletAndUncordons(NodeStep step) {
    UpgradeReport report = upgradeFailingAt("w-1", step);
    assertEquals(Phase.ABORTED, report.outcome());
    assertTrue(report.reason().contains("w-1 failed at " + step.label()), report.reason());
    NodeReport w1 = node(report, "w-1");
    assertEquals(NodeStatus.ROLLED_BACK, w1.status(), w1.toString());
    assertEquals(step.label(), w1.failedStep());
    FakeCluster.Node n = cluster.node("w-1");
    assertFalse(n.unschedulable, "uncordoned again");
    assertTrue(w1.compensation().contains("uncordoned w-1: ok"), w1.compensation());
    if (step == NodeStep.DRAIN) {
      assertTrue(
          cluster.calls.stream().noneMatch(c -> c.startsWith("installPackages:w-1")),
          "nothing installed, nothing to reinstall");
    } else {
      assertEquals("1.30.6-1.1", n.packages.get("kubeadm"));
      assertEquals("1.30.6-1.1", n.packages.get("kubelet"));
      assertEquals("1.30.6-1.1", n.packages.get("kubectl"));
      assertEquals("v1.30.6", n.kubelet, "kubelet restarted on the previous version");
      int reinstall = cluster.indexOf(
          "installPackages:w-1:kubeadm=1.30.6-1.1,kubelet=1.30.6-1.1,kubectl=1.30.6-1.1 (downgrade)");
      assertTrue(
          reinstall >= 0 || step == NodeStep.KUBEADM_PACKAGE,
          cluster.callsOf("w-1").toString());
      assertTrue(cluster.lastIndexOfPrefix("restartKubelet:w-1")
          > cluster.lastIndexOfPrefix("installPackages:w-1"));
      assertTrue(
          w1.compensation()
              .contains(
                  "reinstalled kubeadm=1.30.6-1.1 kubelet=1.30.6-1.1 kubectl=1.30.6-1.1 and restarted kubelet on w-1: ok"),
          w1.compensation());
    }
    assertEquals(
        NodeStatus.NOT_STARTED, node(report, "w-3").status(), "no new batch after the abort");
    assertTrue(cluster.callsOf("w-3").isEmpty());
    assertEquals("v1.31.2", node(report, "cp-1").version());
  }

  @ParameterizedTest
  @EnumSource(NodeStep.class)
  void testControlPlaneFailureIsOnlyUncordonedNeverDowngraded(NodeStep step) {
    UpgradeReport report = upgradeFailingAt("cp-2", step);
    assertEquals(Phase.ABORTED, report.outcome());
    NodeReport cp2 = node(report, "cp-2");
    assertEquals(NodeStatus.ROLLED_BACK, cp2.status(), cp2.toString());
    assertEquals(step.label(), cp2.failedStep());
    assertFalse(cluster.node("cp-2").unschedulable);
    assertFalse(
        cluster.downgraded("cp-2"),
        "a control plane is never downgraded: " + cluster.callsOf("cp-2"));
    assertFalse(cluster.downgraded("cp-1"));
    assertFalse(cp2.compensation().contains("reinstalled"), cp2.compensation());
    assertTrue(
        cluster.callsOf("cp-3").stream()
            .allMatch(c -> c.startsWith("missingEtcdTools:") || c.equals("checkCertificates:cp-3")),
        "the next control plane never starts (preflight only looked for its etcdctl and read its"
            + " certificates): " + cluster.callsOf("cp-3"));
    assertTrue(List.of("w-1", "w-2", "w-3", "w-4").stream()
        .allMatch(w -> cluster.callsOf(w).isEmpty()));
  }
}
