package dev.bosun.workflows.upgrade;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bosun.workflows.WorkflowIds;
import dev.bosun.workflows.model.ApprovalGate;
import dev.bosun.workflows.model.KubeVersion;
import dev.bosun.workflows.model.OnNodeFailure;
import dev.bosun.workflows.testing.FakeCluster;
import dev.bosun.workflows.testing.TestClusters;
import io.temporal.testing.TestWorkflowEnvironment;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(60)
class PlanUpgradeWorkflowTest {

  private final FakeCluster cluster = new FakeCluster("v1.30.6", 3, 5);
  private TestWorkflowEnvironment env;

  @AfterEach
  void close() {
    if (env != null) env.close();
  }

  private UpgradePlanReport plan(String target, String maxUnavailable) {
    env = TestClusters.start(cluster);
    PlanUpgradeWorkflow wf = env.getWorkflowClient()
        .newWorkflowStub(
            PlanUpgradeWorkflow.class,
            TestClusters.options(WorkflowIds.plan("lab1", "20261121T060000Z")));
    return wf.plan(UpgradeRequest.fresh(
        TestClusters.inventory(cluster),
        KubeVersion.parse(target),
        TestClusters.spec(maxUnavailable, OnNodeFailure.WAIT_FOR_OPERATOR, ApprovalGate.NONE, 0)));
  }

  @Test
  void testPlanListsBatchesAndChangesNothing() {
    UpgradePlanReport report = plan("v1.31.2", "40%");
    assertFalse(report.blocked());
    assertEquals("v1.30.6", report.from());
    assertEquals(
        List.of(
            List.of("cp-1"),
            List.of("cp-2"),
            List.of("cp-3"),
            List.of("w-1", "w-2"),
            List.of("w-3", "w-4"),
            List.of("w-5")),
        report.batches());
    assertEquals("1.31.2-1.1", report.packageVersion());
    assertTrue(
        report.findings().stream()
            .anyMatch(f -> !f.blocks()
                && f.check().label().equals("packages")
                && f.message().contains("kubeadm 1.31.2-1.1 is in the v1.31 package index")),
        report.findings().toString());
    assertTrue(cluster.calls.contains("lookUpPackageVersion:cp-1"), cluster.calls.toString());
    assertEquals(List.of(), cluster.mutatingCalls, "a plan calls no mutating activity");
  }

  @Test
  void testUnreadablePackageIndexKeepsTheRevisionOpenWithTheReason() {
    cluster.packageIndexReadable = false;
    UpgradePlanReport report = plan("v1.31.2", "1");
    assertNull(report.packageVersion());
    assertFalse(report.blocked(), report.findings().toString());
    assertTrue(
        report.findings().stream()
            .anyMatch(f -> f.severity() == PreflightFinding.Severity.WARNING
                && f.message().contains("shown as 1.31.2-REV")
                && f.message().contains("Could not resolve host: pkgs.k8s.io")),
        report.findings().toString());
    assertEquals(List.of(), cluster.mutatingCalls);
  }

  @Test
  void testATargetTheIndexDoesNotListBlocksThePlan() {
    cluster.targetPackagesAvailable = false;
    UpgradePlanReport report = plan("v1.31.2", "1");
    assertNull(report.packageVersion());
    assertTrue(
        report.findings().stream()
            .anyMatch(f -> f.blocks()
                && f.check().label().equals("packages")
                && f.message().contains("is not in the package index")),
        report.findings().toString());
    assertEquals(List.of(), cluster.mutatingCalls);
  }

  @Test
  void testBlockedPlanIsReportedNotThrown() {
    cluster.etcdHealthy = false;
    UpgradePlanReport report = plan("v1.32.1", "1");
    assertTrue(report.blocked());
    assertTrue(
        report.findings().stream().anyMatch(f -> f.blocks() && f.check().label().equals("etcd")));
    // two minors up is a chain now: hop 1's preflight (etcd) blocks it, not the skipped minor
    assertEquals(2, report.hops().size());
    assertTrue(report.findings().stream().noneMatch(f -> f.message().contains("skips v1.31")));
    assertEquals(List.of(), cluster.mutatingCalls);
  }
}
