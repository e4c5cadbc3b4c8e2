package dev.bosun.activities.integration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bosun.sim.CommandRecord;
import dev.bosun.sim.LabSim;
import dev.bosun.sim.LabSpec;
import dev.bosun.workflows.Phase;
import dev.bosun.workflows.model.Inventory;
import dev.bosun.workflows.model.KubeVersion;
import dev.bosun.workflows.model.NodeSpec;
import dev.bosun.workflows.upgrade.HopReport;
import dev.bosun.workflows.upgrade.RollingUpgradeWorkflow;
import dev.bosun.workflows.upgrade.UpgradeReport;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A minor-version chain on a 1 + 3 lab-sim over real SSH, through Temporal's test server in real time: v1.30.6 →
 * v1.32.4 as two hops, the intermediate one at the latest patch the lab's v1.31 repository serves (read from its
 * Packages index), each with its own etcd snapshot and kubeadm upgrade apply.
 */
@Timeout(value = 240, unit = TimeUnit.SECONDS)
class HopChainIntegrationTest {

  static final KubeVersion TARGET = KubeVersion.parse("v1.32.4");

  @Test
  void twoHopsTakeEveryNodeToV132WithOneSnapshotPerHop(@TempDir Path dir) throws Exception {
    try (RealTimeTemporal temporal = new RealTimeTemporal();
        LabSim lab = IntegrationLab.start("int-chain", dir, 1, 3, LabSpec.ApiBackend.SIM)) {
      Inventory inventory = IntegrationLab.inventory(lab);
      String latest31 = lab.state().repository().latest(31).orElseThrow().toString();
      RollingUpgradeWorkflow wf = temporal.startUpgrade(inventory, TARGET);
      UpgradeReport report = RealTimeTemporal.result(wf, 200);
      ReportTables.publish(
          "hop-chain-two-hops", ReportTables.upgrade("Minor-version chain v1.30 → v1.32", report));

      assertEquals(Phase.COMPLETED, report.outcome(), report.reason());
      assertEquals(IntegrationLab.FROM, report.from());
      List<HopReport> hops = report.hops();
      assertEquals(2, hops.size());
      assertEquals(
          List.of(IntegrationLab.FROM + " → " + latest31, latest31 + " → " + TARGET),
          hops.stream().map(h -> h.from() + " → " + h.to()).toList());
      for (HopReport h : hops) {
        assertEquals(Phase.COMPLETED, h.outcome(), "hop " + h.index());
        assertEquals(4, h.nodes(), "hop " + h.index() + " upgraded every node");
        assertNotNull(h.snapshot(), "hop " + h.index() + " snapshot");
      }
      assertNotEquals(hops.get(0).snapshot().path(), hops.get(1).snapshot().path());

      for (NodeSpec n : inventory.nodes()) {
        assertEquals(TARGET.toString(), lab.state().nodeKubeletVersion(n.name()), n.name());
        assertTrue(!lab.state().nodeUnschedulable(n.name()), n.name() + " uncordoned");
      }
      assertEquals(TARGET.toString(), lab.state().staticPodVersion("cp-1"));

      List<CommandRecord> snapshots = lab.commandLog().matching("snapshot save");
      assertEquals(2, snapshots.size(), "one etcd snapshot per hop: " + snapshots);
      for (int i = 0; i < 2; i++) {
        assertEquals(0, snapshots.get(i).exitCode());
        assertTrue(snapshots.get(i).command().contains(hops.get(i).snapshot().path()));
      }
      List<CommandRecord> applies = lab.commandLog().matching("kubeadm upgrade apply");
      assertEquals(2, applies.size(), "kubeadm upgrade apply once per hop: " + applies);
      assertTrue(applies.get(0).command().contains(latest31), applies.get(0).command());
      assertTrue(
          applies.get(1).command().contains(TARGET.toString()), applies.get(1).command());
    }
  }
}
