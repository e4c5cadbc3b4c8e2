package dev.bosun.workflows.upgrade;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bosun.workflows.Phase;
import dev.bosun.workflows.model.ApprovalGate;
import dev.bosun.workflows.model.Inventory;
import dev.bosun.workflows.model.OnNodeFailure;
import dev.bosun.workflows.model.UpgradeSpec;
import dev.bosun.workflows.testing.FakeCluster;
import dev.bosun.workflows.testing.FakeVmSnapshots;
import dev.bosun.workflows.testing.TestClusters;
import io.temporal.client.WorkflowStub;
import io.temporal.testing.TestWorkflowEnvironment;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * upgrade.snapshotBeforeUpgrade: a worker with a VM is snapshotted after its drain and before its first package change;
 * a failed one is restored to the snapshot (no package reinstall), a finished one has it deleted. Control planes,
 * workers without a VM, workers on UTM, and upgrades without the option take none.
 */
@Timeout(60)
class VmSnapshotRollbackTest {

  static final String SNAPSHOT = "bosun-pre-upgrade-v1.31.2";
  /** w-1 and w-2 on Vagrant/libvirt, w-3 on UTM, cp-1 and w-4 without a VM. */
  static final Map<String, String> VMS = Map.of(
      "w-1",
      FakeVmSnapshots.LINUX_BOX,
      "w-2",
      FakeVmSnapshots.LINUX_BOX,
      "w-3",
      FakeVmSnapshots.MAC);

  private final FakeCluster cluster = new FakeCluster("v1.30.6", 1, 4);
  private final FakeVmSnapshots hypervisor = new FakeVmSnapshots(cluster);
  private TestWorkflowEnvironment env;
  private RollingUpgradeWorkflow wf;

  @AfterEach
  void close() {
    if (env != null) env.close();
  }

  private static UpgradeSpec spec(OnNodeFailure onFailure, boolean snapshots) {
    return new UpgradeSpec(
        "1",
        dev.bosun.workflows.model.DrainOptions.defaults(),
        onFailure,
        ApprovalGate.NONE,
        0,
        true,
        Duration.ZERO,
        Duration.ofHours(24),
        snapshots);
  }

  private void start(UpgradeSpec spec) {
    env = TestClusters.startWith(cluster, hypervisor);
    Inventory inventory = FakeVmSnapshots.inventory(cluster, VMS, spec);
    wf = TestClusters.startUpgrade(
        env, UpgradeRequest.fresh(inventory, RollingUpgradeWorkflowTest.TARGET, spec));
  }

  private UpgradeReport upgrade(UpgradeSpec spec) {
    start(spec);
    return result();
  }

  private UpgradeReport result() {
    return WorkflowStub.fromTyped(wf).getResult(UpgradeReport.class);
  }

  private static NodeReport node(UpgradeReport r, String name) {
    return r.nodes().stream().filter(n -> n.node().equals(name)).findFirst().orElseThrow();
  }

  private List<String> hypervisorCalls(String node) {
    return cluster.callsOf(node).stream()
        .filter(VmSnapshotRollbackTest::vmSnapshotCall)
        .toList();
  }

  private static boolean vmSnapshotCall(String call) {
    return call.startsWith("saveSnapshot:")
        || call.startsWith("restoreSnapshot:")
        || call.startsWith("deleteSnapshot:");
  }

  @Test
  void testSnapshotAfterTheDrainBeforeTheFirstPackageChangeDeletedOnSuccess() {
    UpgradeReport report = upgrade(spec(OnNodeFailure.ABORT, true));
    assertEquals(Phase.COMPLETED, report.outcome(), report.reason());
    for (String w : List.of("w-1", "w-2")) {
      int save = cluster.indexOf("saveSnapshot:" + w + ":" + SNAPSHOT);
      assertTrue(
          save > cluster.lastIndexOfPrefix("evictPods:" + w),
          "after the drain: " + cluster.callsOf(w));
      assertTrue(
          save < cluster.indexOf("setPackageRepository:" + w),
          "before the repository switch: " + cluster.callsOf(w));
      assertTrue(
          save < cluster.lastIndexOfPrefix("installPackages:" + w),
          "before the packages: " + cluster.callsOf(w));
      assertTrue(
          cluster.lastIndexOfPrefix("deleteSnapshot:" + w)
              > cluster.lastIndexOfPrefix("waitForNodeReady:" + w),
          "deleted after the health gate: " + cluster.callsOf(w));
      assertFalse(hypervisor.has(w, SNAPSHOT), "no snapshot left on " + w);
      assertTrue(
          cluster.callsOf(w).stream().noneMatch(c -> c.startsWith("readHostFacts:")),
          "no package rollback prepared on " + w);
      assertNull(node(report, w).note());
    }
    for (String n : List.of("cp-1", "w-3", "w-4")) {
      assertEquals(List.of(), hypervisorCalls(n), n + " is not snapshotted");
    }
    assertEquals(
        List.of("inspectHypervisor:linux-box", "inspectHypervisor:mac"),
        cluster.calls.stream().filter(c -> c.startsWith("inspectHypervisor:")).toList(),
        "each hypervisor of the workers once");
    List<PreflightFinding> vm = report.preflight().stream()
        .filter(f -> f.check() == PreflightFinding.Check.VM_SNAPSHOTS)
        .toList();
    assertTrue(
        vm.stream()
            .anyMatch(f -> f.severity() == PreflightFinding.Severity.WARNING
                && f.message().contains("w-4")
                && f.message().contains("without a vm")),
        vm.toString());
    assertTrue(
        vm.stream()
            .anyMatch(f -> f.severity() == PreflightFinding.Severity.WARNING
                && f.message().startsWith("mac (utm) cannot snapshot")
                && f.message().contains("w-3 fall back to the package rollback")),
        vm.toString());
    assertTrue(
        vm.stream()
            .anyMatch(f -> f.severity() == PreflightFinding.Severity.OK
                && f.message().contains("linux-box")
                && f.message().contains("w-1, w-2")),
        vm.toString());
  }

  @ParameterizedTest
  @EnumSource(
      value = NodeStep.class,
      names = {
        "KUBEADM_PACKAGE",
        "KUBEADM_UPGRADE",
        "KUBELET_PACKAGES",
        "KUBELET_RESTART",
        "WAIT_READY",
        "HEALTH_GATE"
      })
  void testAFailedWorkerIsRestoredToItsSnapshotNotReinstalled(NodeStep step) {
    cluster.failAt("w-1", step, 1);
    UpgradeReport report = upgrade(spec(OnNodeFailure.ABORT, true));
    assertEquals(Phase.ABORTED, report.outcome());
    NodeReport w1 = node(report, "w-1");
    assertEquals(NodeStatus.ROLLED_BACK, w1.status(), w1.toString());
    assertEquals("v1.30.6", w1.version());
    FakeCluster.Node n = cluster.node("w-1");
    assertEquals(
        Map.of("kubeadm", "1.30.6-1.1", "kubelet", "1.30.6-1.1", "kubectl", "1.30.6-1.1"),
        n.packages);
    assertEquals("v1.30.6", n.kubelet);
    assertFalse(cluster.downgraded("w-1"), "no package reinstalled: " + cluster.callsOf("w-1"));
    assertFalse(n.unschedulable, "uncordoned");
    int restore = cluster.indexOf("restoreSnapshot:w-1:" + SNAPSHOT);
    assertTrue(restore > 0, cluster.callsOf("w-1").toString());
    assertTrue(
        cluster.lastIndexOfPrefix("waitForNodeReady:w-1") > restore,
        "Ready again after the restore: " + cluster.callsOf("w-1"));
    assertTrue(
        cluster.lastIndexOfPrefix("uncordon:w-1")
            > cluster.lastIndexOfPrefix("waitForNodeReady:w-1"),
        "then uncordoned");
    assertTrue(
        w1.compensation()
            .contains("restored VM snapshot " + SNAPSHOT
                + " of w-1 on linux-box, Ready again at v1.30.6: ok"),
        w1.compensation());
    assertFalse(w1.compensation().contains("reinstalled"), w1.compensation());
    assertFalse(hypervisor.has("w-1", SNAPSHOT), "deleted after the restore");
  }

  @Test
  void testSkipRestoresTheSnapshotAndTheUpgradeGoesOn() throws Exception {
    cluster.failAt("w-2", NodeStep.KUBELET_RESTART, 1);
    start(spec(OnNodeFailure.WAIT_FOR_OPERATOR, true));
    TestClusters.awaitProgress(wf, p -> p.awaiting() != null);
    assertTrue(wf.skip("w-2").startsWith("skipping w-2"));
    UpgradeReport report = result();
    assertEquals(Phase.FAILED, report.outcome());
    assertEquals(NodeStatus.ROLLED_BACK, node(report, "w-2").status());
    assertEquals("1.30.6-1.1", cluster.node("w-2").packages.get("kubelet"));
    assertEquals("v1.30.6", cluster.node("w-2").kubelet);
    assertFalse(cluster.downgraded("w-2"));
    assertTrue(
        report.compensations().stream()
            .anyMatch(c -> c.startsWith("w-2: ") && c.contains("restored VM snapshot")),
        report.compensations().toString());
    assertEquals(NodeStatus.UPGRADED, node(report, "w-4").status(), "later batches still ran");
  }

  @Test
  void testAWorkerOnUtmFallsBackToThePackageRollback() {
    cluster.failAt("w-3", NodeStep.KUBELET_PACKAGES, 1);
    UpgradeReport report = upgrade(spec(OnNodeFailure.SKIP, true));
    NodeReport w3 = node(report, "w-3");
    assertEquals(NodeStatus.ROLLED_BACK, w3.status());
    assertEquals(List.of(), hypervisorCalls("w-3"));
    assertTrue(cluster.downgraded("w-3"), "packages reinstalled: " + cluster.callsOf("w-3"));
    assertTrue(w3.compensation().contains("reinstalled"), w3.compensation());
  }

  @Test
  void testWithoutTheOptionNoHypervisorIsAskedAndNoSnapshotTaken() {
    cluster.failAt("w-1", NodeStep.KUBELET_PACKAGES, 1);
    UpgradeReport report = upgrade(spec(OnNodeFailure.SKIP, false));
    assertTrue(
        cluster.calls.stream()
            .noneMatch(c -> c.startsWith("inspectHypervisor:") || vmSnapshotCall(c)),
        cluster.calls.toString());
    assertTrue(report.preflight().stream()
        .noneMatch(f -> f.check() == PreflightFinding.Check.VM_SNAPSHOTS));
    assertTrue(cluster.downgraded("w-1"), "the package rollback, as before");
  }

  @Test
  void testAnUnreachableHypervisorIsAWarningAndItsWorkersFallBack() {
    hypervisor.unreachable.add(FakeVmSnapshots.LINUX_BOX);
    UpgradeReport report = upgrade(spec(OnNodeFailure.ABORT, true));
    assertEquals(Phase.COMPLETED, report.outcome());
    assertTrue(
        report.preflight().stream()
            .anyMatch(f -> f.severity() == PreflightFinding.Severity.WARNING
                && f.message().startsWith("cannot inspect hypervisor linux-box")
                && f.message().contains("w-1, w-2 fall back")),
        report.preflight().toString());
    assertTrue(
        cluster.calls.stream().noneMatch(VmSnapshotRollbackTest::vmSnapshotCall),
        cluster.calls.toString());
  }

  @Test
  void testASaveThatFailedHasNothingToRestoreAndTheNodeIsRolledBack() {
    hypervisor.failSave.add("w-1");
    UpgradeReport report = upgrade(spec(OnNodeFailure.ABORT, true));
    NodeReport w1 = node(report, "w-1");
    assertEquals(NodeStatus.ROLLED_BACK, w1.status(), w1.toString());
    assertEquals(NodeStep.KUBEADM_PACKAGE.label(), w1.failedStep());
    assertTrue(w1.compensation().contains("no VM snapshot of w-1 to restore"), w1.compensation());
    assertTrue(
        cluster.callsOf("w-1").stream()
            .noneMatch(c -> c.startsWith("setPackageRepository:")
                || c.startsWith("installPackages:")
                || c.startsWith("restoreSnapshot:")),
        cluster.callsOf("w-1").toString());
    assertFalse(cluster.node("w-1").unschedulable);
  }

  @Test
  void testAFailedDeleteIsANoteNotAFailure() {
    hypervisor.failDelete.add("w-2");
    UpgradeReport report = upgrade(spec(OnNodeFailure.ABORT, true));
    assertEquals(Phase.COMPLETED, report.outcome(), report.reason());
    NodeReport w2 = node(report, "w-2");
    assertEquals(NodeStatus.UPGRADED, w2.status());
    assertTrue(
        w2.note().contains("VM snapshot " + SNAPSHOT + " of w-2 left on linux-box"), w2.note());
    assertTrue(hypervisor.has("w-2", SNAPSHOT));
    assertTrue(report.compensations().isEmpty(), report.compensations().toString());
  }

  @Test
  void testALeftoverSnapshotOfTheSameNameIsDroppedBeforeTheSave() {
    // An earlier run's snapshot whose delete failed: restoring it would bring back a stale VM.
    cluster.node("w-1").kubelet = "v1.30.6";
    hypervisor.saveSnapshot(null, "w-1", SNAPSHOT);
    cluster.node("w-1").packages.put("kubectl", "1.30.5-1.1"); // the host moved on since
    cluster.failAt("w-1", NodeStep.KUBELET_RESTART, 1);
    UpgradeReport report = upgrade(spec(OnNodeFailure.ABORT, true));
    assertEquals(NodeStatus.ROLLED_BACK, node(report, "w-1").status());
    assertTrue(
        cluster.indexOf("deleteSnapshot:w-1:" + SNAPSHOT)
            < cluster.lastIndexOfPrefix("saveSnapshot:w-1"),
        cluster.callsOf("w-1").toString());
    assertEquals(
        "1.30.5-1.1",
        cluster.node("w-1").packages.get("kubectl"),
        "restored to this run's snapshot, not the stale one");
  }
}
