package dev.bosun.activities.integration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bosun.sim.LabSim;
import dev.bosun.workflows.activities.PodRef;
import dev.bosun.workflows.drain.DrainOutcome;
import dev.bosun.workflows.drain.DrainReport;
import dev.bosun.workflows.model.Inventory;
import io.fabric8.kubernetes.api.model.Pod;
import io.temporal.client.WorkflowFailedException;
import io.temporal.failure.ApplicationFailure;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real NodeDrain workflow with the real activities on a 3 + 5 lab-sim: a worker running pods of the
 * PDB-protected "web" Deployment drains; with the PDB blocking every disruption the drain times out, names
 * the PDB, and uncordons the node again.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class NodeDrainIntegrationTest {

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
  void drainsAWorkerRunningPdbProtectedPods(@TempDir Path dir) throws Exception {
    try (LabSim lab = IntegrationLab.start("int-drain", dir)) {
      Inventory inventory = IntegrationLab.inventory(lab);
      String node = workerRunningWeb(lab);
      List<String> before = podNames(lab, node);

      DrainReport report = drain(inventory, node, Duration.ofMinutes(1));
      ReportTables.publish(
          "node-drain",
          ReportTables.drain("NodeDrain of " + node + " (PDB default/web-pdb)", report));

      assertEquals(DrainOutcome.DRAINED, report.outcome());
      assertFalse(report.wasCordoned());
      assertTrue(report.remaining().isEmpty(), "nothing left: " + report.remaining());
      List<String> evicted = report.evicted().stream().map(PodRef::name).toList();
      assertTrue(
          evicted.stream().anyMatch(n -> n.startsWith("web-")),
          "a web pod was evicted: " + evicted);
      assertTrue(
          report.skipped().stream().anyMatch(s -> s.pod().name().startsWith("kube-proxy-")),
          "the kube-proxy DaemonSet pod is skipped: " + report.skipped());
      // Every pod on the node before the drain was either evicted or skipped.
      List<String> accounted = new java.util.ArrayList<>(evicted);
      report.skipped().forEach(s -> accounted.add(s.pod().name()));
      assertEquals(
          before.stream().sorted().toList(),
          accounted.stream().sorted().toList(),
          "evicted + skipped = the pods on " + node);

      // In the lab: cordoned (a drain leaves it so), only the DaemonSet pod left, web back at 3
      // replicas elsewhere.
      assertTrue(lab.state().nodeUnschedulable(node), node + " stays cordoned after a drain");
      assertEquals(
          List.of(),
          podNames(lab, node).stream().filter(n -> !n.startsWith("kube-proxy-")).toList(),
          "pods left on " + node);
      assertEquals(
          3,
          lab.state()
              .read(c -> c.pods().stream()
                  .filter(p -> "web".equals(p.getMetadata().getLabels().get("app"))
                      && p.getMetadata().getDeletionTimestamp() == null)
                  .filter(p -> !node.equals(p.getSpec().getNodeName()))
                  .count())
              .intValue(),
          "web runs 3 replicas off " + node);
    }
  }

  @Test
  void aPdbThatNeverAllowsADisruptionTimesTheDrainOutAndUncordons(@TempDir Path dir)
      throws Exception {
    try (LabSim lab = IntegrationLab.start("int-drain-blocked", dir)) {
      Inventory inventory = IntegrationLab.inventory(lab);
      String node = workerRunningWeb(lab);
      lab.faults().blockPdb("default", "web-pdb");

      WorkflowFailedException e = assertThrows(
          WorkflowFailedException.class, () -> drain(inventory, node, Duration.ofSeconds(6)));
      ApplicationFailure failure = assertInstanceOf(ApplicationFailure.class, e.getCause());
      DrainReport report = failure.getDetails().get(DrainReport.class);
      ReportTables.publish(
          "node-drain-blocked",
          ReportTables.drain(
                  "NodeDrain of " + node + " with default/web-pdb blocking forever", report)
              + failure.getOriginalMessage() + "\n");

      assertEquals("DrainTimedOut", failure.getType());
      assertTrue(
          failure.getOriginalMessage().contains("default/web-pdb"), failure.getOriginalMessage());
      assertTrue(
          failure.getOriginalMessage().contains("uncordoned " + node + " again"),
          failure.getOriginalMessage());
      assertEquals(DrainOutcome.TIMED_OUT, report.outcome());
      assertTrue(report.uncordoned());
      assertTrue(
          report.blockersSeen().stream()
              .anyMatch(b -> b.name().equals("web-pdb") && b.disruptionsAllowed() == 0),
          "web-pdb named as the blocker: " + report.blockersSeen());
      assertFalse(report.remaining().isEmpty());
      assertTrue(
          report.remaining().stream().allMatch(p -> p.name().startsWith("web-")),
          "only web pods are left: " + report.remaining());
      assertTrue(
          report.evicted().stream().noneMatch(p -> p.name().startsWith("web-")),
          "no web pod was evicted: " + report.evicted());

      assertFalse(lab.state().nodeUnschedulable(node), node + " is uncordoned again");
      assertTrue(
          podNames(lab, node).stream().anyMatch(n -> n.startsWith("web-")),
          "the web pods still run on " + node);
    }
  }

  private DrainReport drain(Inventory inventory, String node, Duration timeout) {
    return temporal.drain(inventory, node, timeout);
  }

  /** The worker running the most pods of the PDB-protected web Deployment. */
  private static String workerRunningWeb(LabSim lab) {
    return lab.state()
        .read(c -> c.pods().stream()
            .filter(p -> "web".equals(p.getMetadata().getLabels().get("app"))
                && p.getSpec().getNodeName() != null)
            .collect(java.util.stream.Collectors.groupingBy(
                p -> p.getSpec().getNodeName(), java.util.stream.Collectors.counting()))
            .entrySet()
            .stream()
            .max(java.util.Map.Entry.comparingByValue())
            .orElseThrow()
            .getKey());
  }

  /** The pods on a node that are not terminating, mirror pods excluded (workers have none). */
  private static List<String> podNames(LabSim lab, String node) {
    return lab.state()
        .read(c -> c.pods().stream()
            .filter(p -> node.equals(p.getSpec().getNodeName())
                && p.getMetadata().getDeletionTimestamp() == null)
            .map(Pod::getMetadata)
            .map(m -> m.getName())
            .sorted(Comparator.naturalOrder())
            .toList());
  }
}
