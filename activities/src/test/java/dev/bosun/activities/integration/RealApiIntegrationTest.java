package dev.bosun.activities.integration;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bosun.sim.LabSim;
import dev.bosun.sim.LabSpec.ApiBackend;
import dev.bosun.sim.kube.KubeObjects;
import dev.bosun.workflows.Phase;
import dev.bosun.workflows.drain.DrainOutcome;
import dev.bosun.workflows.drain.DrainReport;
import dev.bosun.workflows.model.Inventory;
import dev.bosun.workflows.model.KubeVersion;
import dev.bosun.workflows.model.NodeSpec;
import dev.bosun.workflows.upgrade.NodeStatus;
import dev.bosun.workflows.upgrade.RollingUpgradeWorkflow;
import dev.bosun.workflows.upgrade.UpgradeProgress;
import dev.bosun.workflows.upgrade.UpgradeReport;
import io.temporal.client.WorkflowFailedException;
import io.temporal.failure.ApplicationFailure;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The integration tier on the real API backend: Bosun's real workflows and activities, over real SSH, against
 * a real kube-apiserver with its controllers, scheduler and kwok nodes — the Eviction API, the disruption
 * controller's budgets and ReplicaSet rescheduling are Kubernetes' own. One lab at a time on the run's shared
 * control plane. The worker's kubeconfig is bound to Bosun's documented ClusterRole
 * (deploy/kubernetes/bosun-clusterrole.yaml), not system:masters, and the hosts' sudo enforces the documented
 * sudoers file: every test here shows both are enough.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class RealApiIntegrationTest {

  static final KubeVersion TARGET = KubeVersion.parse("v1.31.2");
  static final String KUBELET_FAILS =
      "Job for kubelet.service failed because the control process exited with error code.";

  private RealTimeTemporal temporal;

  @BeforeAll
  void startTemporal() {
    IntegrationLab.assumeRealBackend();
    temporal = new RealTimeTemporal();
  }

  @AfterAll
  void stopTemporal() throws Exception {
    if (temporal != null) {
      temporal.close();
    }
  }

  @Test
  void testARollingUpgradeOfOnePlusThreeRunsToTheEnd(@TempDir Path dir) throws Exception {
    try (LabSim lab = IntegrationLab.start("real-upgrade", dir, 1, 3, ApiBackend.REAL)) {
      Inventory inventory =
          IntegrationLab.roleBoundInventory(lab, dir, IntegrationLab.CLUSTER_ROLE);
      UpgradeReport report = result(start(inventory));
      ReportTables.publish(
          "real-rolling-upgrade",
          ReportTables.upgrade("RollingUpgrade 1 + 3 on the real API backend", report));

      assertEquals(Phase.COMPLETED, report.outcome(), report.reason());
      assertEquals(4, report.nodes().size());
      report
          .nodes()
          .forEach(n -> assertEquals(NodeStatus.UPGRADED, n.status(), n.node() + ": " + n));
      everyNodeAtTargetAndSchedulable(lab, inventory);
      // kube-proxy rolled to the new version by the real DaemonSet controller after kubeadm upgrade
      // apply
      await()
          .atMost(Duration.ofSeconds(30))
          .until(() -> lab.state()
              .read(c -> c.pods().stream()
                  .filter(p -> p.getMetadata().getName().startsWith("kube-proxy-")
                      && p.getMetadata().getDeletionTimestamp() == null)
                  .allMatch(
                      p -> p.getSpec().getContainers().get(0).getImage().endsWith(":" + TARGET))));
    }
  }

  @Test
  void testAFailedKubeletRestartWaitsForTheOperatorAndRetryFinishes(@TempDir Path dir)
      throws Exception {
    try (LabSim lab = IntegrationLab.start("real-retry", dir, 1, 3, ApiBackend.REAL)) {
      Inventory inventory =
          IntegrationLab.roleBoundInventory(lab, dir, IntegrationLab.CLUSTER_ROLE);
      lab.faults().failRun("w-2", "systemctl restart kubelet", 0, 1, KUBELET_FAILS);
      RollingUpgradeWorkflow wf = start(inventory);

      UpgradeProgress waiting = await()
          .atMost(Duration.ofSeconds(120))
          .pollInterval(Duration.ofMillis(250))
          .until(wf::progress, p -> p.awaiting() != null);
      assertEquals("w-2", waiting.awaiting().node());
      assertTrue(
          waiting.awaiting().error().contains("kubelet.service failed"),
          waiting.awaiting().error());

      lab.faults().clear();
      assertTrue(wf.retry("w-2", null).contains("retrying w-2"));
      UpgradeReport report = result(wf);
      assertEquals(Phase.COMPLETED, report.outcome(), report.reason());
      assertEquals(
          2,
          report.nodes().stream()
              .filter(n -> n.node().equals("w-2"))
              .findFirst()
              .orElseThrow()
              .attempts());
      everyNodeAtTargetAndSchedulable(lab, inventory);
    }
  }

  @Test
  void testADrainBlockedByAPdbTimesOutNamesTheBudgetAndUncordons(@TempDir Path dir)
      throws Exception {
    try (LabSim lab = IntegrationLab.start("real-drain-blocked", dir, 1, 3, ApiBackend.REAL)) {
      Inventory inventory =
          IntegrationLab.roleBoundInventory(lab, dir, IntegrationLab.CLUSTER_ROLE);
      String node = workerRunning(lab, "web");
      lab.faults().blockPdb("default", "web-pdb");

      WorkflowFailedException e = assertThrows(
          WorkflowFailedException.class, () -> drain(inventory, node, Duration.ofSeconds(6)));
      ApplicationFailure failure = assertInstanceOf(ApplicationFailure.class, e.getCause());
      DrainReport report = failure.getDetails().get(DrainReport.class);
      ReportTables.publish(
          "real-drain-blocked",
          ReportTables.drain(
                  "NodeDrain of " + node + " on the real API backend, web-pdb blocking", report)
              + failure.getOriginalMessage() + "\n");

      assertEquals("DrainTimedOut", failure.getType());
      assertTrue(
          failure.getOriginalMessage().contains("default/web-pdb"), failure.getOriginalMessage());
      assertTrue(
          report.blockersSeen().stream()
              .anyMatch(b -> b.name().equals("web-pdb") && b.disruptionsAllowed() == 0),
          "web-pdb named as the blocker: " + report.blockersSeen());
      assertTrue(
          report.remaining().stream().allMatch(p -> p.name().startsWith("web-")),
          "only web pods are left: " + report.remaining());
      assertFalse(lab.state().nodeUnschedulable(node), node + " is uncordoned again");
    }
  }

  @Test
  void testADrainOfFiftyPodsEvictsThemAllPastTheBudget(@TempDir Path dir) throws Exception {
    try (LabSim lab = IntegrationLab.start("real-drain-50", dir, 1, 3, ApiBackend.REAL)) {
      Inventory inventory =
          IntegrationLab.roleBoundInventory(lab, dir, IntegrationLab.CLUSTER_ROLE);
      // 50 pods on w-1: the other workers are cordoned while the Deployment's pods are scheduled
      synchronized (lab.state().lock()) {
        lab.state().cluster().setUnschedulable("w-2", true);
        lab.state().cluster().setUnschedulable("w-3", true);
        lab.state()
            .cluster()
            .addDeployment(
                "default",
                "batch",
                50 - podsOn(lab, "w-1"),
                false,
                1,
                lab.state().now());
      }
      await().atMost(Duration.ofSeconds(60)).until(() -> podsOn(lab, "w-1") >= 50 && allReady(lab));
      synchronized (lab.state().lock()) {
        lab.state().cluster().setUnschedulable("w-2", false);
        lab.state().cluster().setUnschedulable("w-3", false);
      }
      int before = podsOn(lab, "w-1");

      long start = System.nanoTime();
      DrainReport report = drain(inventory, "w-1", Duration.ofMinutes(2));
      long millis = (System.nanoTime() - start) / 1_000_000;
      ReportTables.publish(
          "real-drain-50",
          ReportTables.drain(
              "NodeDrain of " + before + " pods on w-1 (real API backend, " + millis + " ms)",
              report));

      assertEquals(DrainOutcome.DRAINED, report.outcome());
      assertEquals(before, report.evicted().size(), "every non-DaemonSet pod on w-1 was evicted");
      assertEquals(0, podsOn(lab, "w-1"), "nothing but kube-proxy left on w-1");
      await().atMost(Duration.ofSeconds(60)).until(() -> allReady(lab));
    }
  }

  @Test
  void testARoleWithoutEvictionsMakesTheDrainFailNamingTheForbiddenCall(@TempDir Path dir)
      throws Exception {
    try (LabSim lab = IntegrationLab.start("real-drain-rbac", dir, 1, 1, ApiBackend.REAL)) {
      String documented = Files.readString(IntegrationLab.CLUSTER_ROLE);
      String withoutEvictions = documented.replace(
          "resources: [pods/eviction]\n    verbs: [create]",
          "resources: [pods/eviction]\n    verbs: [get]");
      assertNotEquals(documented, withoutEvictions);
      Path role = Files.writeString(dir.resolve("role.yaml"), withoutEvictions);
      Inventory inventory = IntegrationLab.roleBoundInventory(lab, dir, role);

      WorkflowFailedException e = assertThrows(
          WorkflowFailedException.class, () -> drain(inventory, "w-1", Duration.ofSeconds(30)));
      String message = rootMessage(e);
      assertTrue(message.contains("403"), message);
      assertTrue(message.contains("eviction"), message);
      assertFalse(lab.state().nodeUnschedulable("w-1"), "w-1 is uncordoned again");
    }
  }

  private static String rootMessage(Throwable e) {
    StringBuilder all = new StringBuilder();
    for (Throwable t = e; t != null; t = t.getCause()) {
      all.append(t instanceof ApplicationFailure a ? a.getOriginalMessage() : t.getMessage())
          .append(" | ");
    }
    return all.toString();
  }

  private RollingUpgradeWorkflow start(Inventory inventory) {
    return temporal.startUpgrade(inventory, TARGET);
  }

  private static UpgradeReport result(RollingUpgradeWorkflow wf) throws Exception {
    return RealTimeTemporal.result(wf, 150);
  }

  private DrainReport drain(Inventory inventory, String node, Duration timeout) {
    return temporal.drain(inventory, node, timeout);
  }

  private static void everyNodeAtTargetAndSchedulable(LabSim lab, Inventory inventory) {
    for (NodeSpec n : inventory.nodes()) {
      assertEquals(
          TARGET.toString(),
          lab.state().nodeKubeletVersion(n.name()),
          n.name() + " kubelet version in the API");
      assertTrue(lab.state().nodeReady(n.name()), n.name() + " Ready");
      assertFalse(lab.state().nodeUnschedulable(n.name()), n.name() + " is uncordoned");
    }
  }

  /** The worker running the most pods of app=NAME. */
  private static String workerRunning(LabSim lab, String app) {
    return lab.state()
        .read(c -> c.pods().stream()
            .filter(p -> app.equals(p.getMetadata().getLabels().get("app"))
                && p.getSpec().getNodeName() != null)
            .collect(java.util.stream.Collectors.groupingBy(
                p -> p.getSpec().getNodeName(), java.util.stream.Collectors.counting()))
            .entrySet()
            .stream()
            .max(java.util.Map.Entry.comparingByValue())
            .orElseThrow()
            .getKey());
  }

  /** Pods on a node that a drain evicts: not terminating, not DaemonSet pods. */
  private static int podsOn(LabSim lab, String node) {
    return lab.state().read(c -> (int) c.pods().stream()
        .filter(p -> node.equals(p.getSpec().getNodeName())
            && p.getMetadata().getDeletionTimestamp() == null)
        .filter(p -> !p.getMetadata().getName().startsWith("kube-proxy-"))
        .count());
  }

  private static boolean allReady(LabSim lab) {
    return lab.state()
        .read(c -> c.pods().stream()
            .filter(p -> p.getMetadata().getDeletionTimestamp() == null)
            .allMatch(p -> p.getSpec().getNodeName() != null && KubeObjects.isReady(p)));
  }
}
