package dev.bosun.activities.integration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bosun.sim.CommandRecord;
import dev.bosun.sim.LabSim;
import dev.bosun.workflows.Phase;
import dev.bosun.workflows.model.Inventory;
import dev.bosun.workflows.model.KubeVersion;
import dev.bosun.workflows.model.NodeRole;
import dev.bosun.workflows.model.NodeSpec;
import dev.bosun.workflows.upgrade.NodeReport;
import dev.bosun.workflows.upgrade.NodeStatus;
import dev.bosun.workflows.upgrade.NodeStep;
import dev.bosun.workflows.upgrade.RollingUpgradeWorkflow;
import dev.bosun.workflows.upgrade.UpgradeProgress;
import dev.bosun.workflows.upgrade.UpgradeReport;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;

/**
 * The real RollingUpgrade workflow with the real activities, over real SSH, on a 3 + 5 lab-sim, through
 * Temporal's test server in real time: v1.30.6 → v1.31.2. Each test has its own lab and cluster name (so its
 * own workflow ID), which lets the three run side by side on one server and worker: they mostly wait.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Execution(ExecutionMode.CONCURRENT)
@Timeout(value = 150, unit = TimeUnit.SECONDS)
class RollingUpgradeIntegrationTest {

  static final KubeVersion TARGET = KubeVersion.parse("v1.31.2");
  static final String TARGET_PACKAGE = "1.31.2-1.1";
  static final String KUBELET_FAILS =
      "Job for kubelet.service failed because the control process exited with error code.\n"
          + "See \"systemctl status kubelet.service\" and \"journalctl -xeu kubelet.service\" for details.";

  private RealTimeTemporal temporal;

  @BeforeAll
  void startTemporal() {
    temporal = new RealTimeTemporal();
  }

  @AfterAll
  void stopTemporal() throws Exception {
    if (temporal != null) {
      temporal.close();
    }
  }

  @Test
  void upgradesEveryNodeSnapshotFirstApplyOnceOnTheFirstControlPlane(@TempDir Path dir)
      throws Exception {
    try (LabSim lab = IntegrationLab.start("int-happy", dir)) {
      Inventory inventory = IntegrationLab.inventory(lab);
      RollingUpgradeWorkflow wf = start(inventory);
      UpgradeReport report = result(wf);
      ReportTables.publish(
          "rolling-upgrade-happy-path", ReportTables.upgrade("RollingUpgrade happy path", report));

      assertEquals(Phase.COMPLETED, report.outcome(), report.reason());
      assertEquals(IntegrationLab.FROM, report.from());
      assertEquals(TARGET.toString(), report.target());
      assertTrue(
          report.compensations().isEmpty(), "nothing compensated: " + report.compensations());
      assertEquals(8, report.nodes().size());
      for (NodeReport n : report.nodes()) {
        assertEquals(IntegrationLab.FROM, n.from(), n.node() + " from");
        assertEquals(TARGET.toString(), n.version(), n.node() + " version");
        assertEquals(NodeStatus.UPGRADED, n.status(), n.node() + " status");
        assertEquals(1, n.attempts(), n.node() + " attempts");
      }
      everyNodeAtTarget(lab, inventory);

      // The etcd snapshot on cp-1 came first, before the one and only kubeadm upgrade apply, also
      // on cp-1.
      assertNotNull(report.snapshot(), "etcd snapshot in the report");
      List<CommandRecord> log = lab.commandLog().all();
      int snapshot = indexOf(log, "etcdctl", "snapshot save");
      List<CommandRecord> applies = lab.commandLog().matching("kubeadm upgrade apply");
      assertEquals(1, applies.size(), "kubeadm upgrade apply runs once: " + applies);
      assertEquals("cp-1", applies.get(0).host());
      assertEquals(0, applies.get(0).exitCode());
      assertTrue(snapshot >= 0, "an etcdctl snapshot save ran");
      assertEquals("cp-1", log.get(snapshot).host());
      assertEquals(0, log.get(snapshot).exitCode());
      assertTrue(
          snapshot < log.indexOf(applies.get(0))
              && log.get(snapshot).endMillis() <= applies.get(0).startMillis(),
          "the snapshot finished before kubeadm upgrade apply started");
      assertTrue(
          log.get(snapshot).command().contains(report.snapshot().path()),
          "the reported snapshot path was written");

      // kubeadm upgrade node: once on every other node, never on cp-1.
      List<CommandRecord> upgradeNode = lab.commandLog().matching("kubeadm upgrade node");
      assertEquals(
          inventory.nodes().stream()
              .map(NodeSpec::name)
              .filter(n -> !n.equals("cp-1"))
              .sorted()
              .toList(),
          upgradeNode.stream().map(CommandRecord::host).sorted().toList(),
          "kubeadm upgrade node on every other node, once");
    }
  }

  @Test
  void kubeletRestartFailureWaitsForTheOperatorAndRetrySucceeds(@TempDir Path dir)
      throws Exception {
    try (LabSim lab = IntegrationLab.start("int-retry", dir)) {
      Inventory inventory = IntegrationLab.inventory(lab);
      lab.faults().failRun("w-3", "systemctl restart kubelet", 0, 1, KUBELET_FAILS);
      RollingUpgradeWorkflow wf = start(inventory);

      UpgradeProgress waiting = RealTimeTemporal.awaitOperatorFor(wf, "w-3");
      assertTrue(
          waiting.awaiting().error().contains("kubelet.service failed"),
          waiting.awaiting().error());

      lab.faults().clear();
      String answer = wf.retry("w-3", null);
      assertTrue(answer.contains("retrying w-3 from step kubelet-restart"), answer);
      UpgradeReport report = result(wf);
      ReportTables.publish(
          "rolling-upgrade-retry",
          ReportTables.upgrade("RollingUpgrade with kubelet fault on w-3, then retry", report));

      assertEquals(Phase.COMPLETED, report.outcome(), report.reason());
      for (NodeReport n : report.nodes()) {
        assertEquals(TARGET.toString(), n.version(), n.node() + " version");
        assertEquals(NodeStatus.UPGRADED, n.status(), n.node() + " status");
      }
      assertEquals(
          2, node(report, "w-3").attempts(), "w-3 ran its kubelet-restart step a second time");
      everyNodeAtTarget(lab, inventory);
      List<CommandRecord> restarts = lab.commandLog().forHost("w-3").stream()
          .filter(c -> c.command().contains("systemctl restart kubelet"))
          .toList();
      assertTrue(
          restarts.stream().anyMatch(c -> c.exitCode() != 0),
          "the fault failed a restart: " + restarts);
      assertEquals(0, restarts.get(restarts.size() - 1).exitCode(), "the retried restart worked");
    }
  }

  @Test
  void abortRollsBackTheFailedWorkerAndLeavesControlPlanesUpgraded(@TempDir Path dir)
      throws Exception {
    try (LabSim lab = IntegrationLab.start("int-abort", dir)) {
      Inventory inventory = IntegrationLab.inventory(lab);
      lab.faults().failRun("w-3", "systemctl restart kubelet", 0, 1, KUBELET_FAILS);
      RollingUpgradeWorkflow wf = start(inventory);

      RealTimeTemporal.awaitOperatorFor(wf, "w-3");
      // The operator gives up on this upgrade; the kubelet unit works again by the time the
      // rollback restarts it.
      lab.faults().clear();
      String answer = wf.abort("test");
      assertTrue(answer.startsWith("aborting"), answer);
      UpgradeReport report = result(wf);
      ReportTables.publish(
          "rolling-upgrade-abort",
          ReportTables.upgrade("RollingUpgrade with kubelet fault on w-3, then abort", report));

      assertEquals(Phase.ABORTED, report.outcome());
      assertTrue(report.reason().contains("aborted by operator: test"), report.reason());
      NodeReport w3 = node(report, "w-3");
      assertEquals(NodeStatus.ROLLED_BACK, w3.status(), "w-3: " + w3);
      assertEquals(NodeStep.KUBELET_RESTART.label(), w3.failedStep());
      assertEquals(IntegrationLab.FROM, w3.version(), "w-3 runs its previous version again");
      assertTrue(
          w3.compensation().contains("reinstalled kubeadm=" + IntegrationLab.FROM_PACKAGE),
          w3.compensation());
      assertTrue(w3.compensation().contains("restarted kubelet on w-3: ok"), w3.compensation());
      assertTrue(w3.compensation().contains("uncordoned w-3: ok"), w3.compensation());
      assertTrue(
          report.compensations().stream()
              .anyMatch(c -> c.startsWith("w-3: ") && c.contains(": ok")),
          report.compensations().toString());
      assertFalse(
          report.compensations().stream().anyMatch(c -> c.contains("failed")),
          report.compensations().toString());

      // w-3 is back: packages, the kubelet the node reports and the kubelet that runs.
      for (String pkg : List.of("kubeadm", "kubelet", "kubectl")) {
        assertEquals(
            IntegrationLab.FROM_PACKAGE, lab.state().installedPackage("w-3", pkg), "w-3 " + pkg);
      }
      assertEquals(IntegrationLab.FROM, lab.state().nodeKubeletVersion("w-3"));
      assertEquals(IntegrationLab.FROM, lab.state().kubeletRunningVersion("w-3"));
      // Control planes are never downgraded.
      for (NodeSpec cp : inventory.controlPlanes()) {
        assertEquals(NodeStatus.UPGRADED, node(report, cp.name()).status(), cp.name());
        assertEquals(
            TARGET.toString(), lab.state().nodeKubeletVersion(cp.name()), cp.name() + " kubelet");
        assertEquals(
            TARGET.toString(), lab.state().staticPodVersion(cp.name()), cp.name() + " static pods");
        assertEquals(
            TARGET_PACKAGE,
            lab.state().installedPackage(cp.name(), "kubeadm"),
            cp.name() + " kubeadm");
      }
      // Workers are upgraded before w-3 or never started after it; the ones after it run what they
      // ran.
      for (NodeSpec w : inventory.workers()) {
        NodeReport r = node(report, w.name());
        if (!w.name().equals("w-3")) {
          assertTrue(
              r.status().equals(NodeStatus.UPGRADED) || r.status().equals(NodeStatus.NOT_STARTED),
              w.name() + ": " + r);
          String expected =
              r.status().equals(NodeStatus.UPGRADED) ? TARGET.toString() : IntegrationLab.FROM;
          assertEquals(expected, lab.state().nodeKubeletVersion(w.name()), w.name() + " kubelet");
        }
      }
      assertTrue(
          report.nodes().stream().anyMatch(r -> r.status().equals(NodeStatus.NOT_STARTED)),
          "no node started after the abort");
      for (NodeSpec n : inventory.nodes()) {
        assertFalse(lab.state().nodeUnschedulable(n.name()), n.name() + " is uncordoned");
      }
    }
  }

  private RollingUpgradeWorkflow start(Inventory inventory) {
    return temporal.startUpgrade(inventory, TARGET);
  }

  private static UpgradeReport result(RollingUpgradeWorkflow wf) throws Exception {
    return RealTimeTemporal.result(wf, 120);
  }

  private static void everyNodeAtTarget(LabSim lab, Inventory inventory) {
    for (NodeSpec n : inventory.nodes()) {
      assertEquals(
          TARGET.toString(),
          lab.state().nodeKubeletVersion(n.name()),
          n.name() + " kubelet version");
      assertEquals(
          TARGET.toString(),
          lab.state().kubeletRunningVersion(n.name()),
          n.name() + " running kubelet");
      assertEquals(
          TARGET_PACKAGE,
          lab.state().installedPackage(n.name(), "kubelet"),
          n.name() + " kubelet package");
      assertFalse(lab.state().nodeUnschedulable(n.name()), n.name() + " is uncordoned");
      if (n.role() == NodeRole.CONTROL_PLANE) {
        assertEquals(
            TARGET.toString(), lab.state().staticPodVersion(n.name()), n.name() + " static pods");
      }
    }
  }

  private static NodeReport node(UpgradeReport r, String name) {
    return r.nodes().stream().filter(n -> n.node().equals(name)).findFirst().orElseThrow();
  }

  private static int indexOf(List<CommandRecord> log, String... fragments) {
    for (int i = 0; i < log.size(); i++) {
      String c = log.get(i).command();
      if (java.util.Arrays.stream(fragments).allMatch(c::contains)) {
        return i;
      }
    }
    return -1;
  }
}
