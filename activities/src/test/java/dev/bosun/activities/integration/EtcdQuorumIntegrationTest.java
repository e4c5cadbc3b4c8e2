package dev.bosun.activities.integration;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bosun.activities.node.NodeCommands;
import dev.bosun.sim.LabSim;
import dev.bosun.sim.LabSpec;
import dev.bosun.workflows.Phase;
import dev.bosun.workflows.model.Inventory;
import dev.bosun.workflows.model.KubeVersion;
import dev.bosun.workflows.upgrade.NodeFailure;
import dev.bosun.workflows.upgrade.RollingUpgradeWorkflow;
import dev.bosun.workflows.upgrade.UpgradeReport;
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
 * The etcd quorum guard end to end: the real RollingUpgrade and activities over real SSH on a 3 + 2 lab-sim whose
 * cp-3 etcd member is down (the etcdMemberDown fault). The guard refuses cp-1, naming cp-3, before anything touches
 * cp-1; once cp-3's member is back, retry upgrades every node.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class EtcdQuorumIntegrationTest {

  static final KubeVersion TARGET = KubeVersion.parse("v1.31.2");

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
  void theGuardRefusesCp1WhileCp3IsDownNamingCp3(@TempDir Path dir) throws Exception {
    try (LabSim lab = IntegrationLab.start("etcd-quorum", dir, 3, 2, LabSpec.ApiBackend.SIM)) {
      Inventory inventory = IntegrationLab.inventory(lab);
      lab.faults().etcdMemberDown("cp-3");

      RollingUpgradeWorkflow wf = temporal.startUpgrade(inventory, TARGET);
      await()
          .atMost(Duration.ofSeconds(120))
          .pollInterval(Duration.ofMillis(200))
          .until(() -> wf.progress().awaiting() != null);
      NodeFailure refused = wf.progress().awaiting();
      assertEquals("cp-1", refused.node());
      assertEquals("etcd-quorum", refused.step());
      assertTrue(
          refused.error().contains("would lose etcd quorum")
              && refused
                  .error()
                  .contains(
                      "unhealthy: cp-3 (failed to commit proposal: context deadline exceeded)"),
          refused.error());
      assertTrue(
          lab.commandLog().matching("member list").stream()
              .anyMatch(c -> c.host().equals("cp-1")),
          "read on cp-1 with " + NodeCommands.ETCD_MEMBER_LIST);
      assertEquals(
          IntegrationLab.FROM_PACKAGE,
          lab.state().installedPackage("cp-1", "kubeadm"),
          "nothing changed on cp-1");
      assertTrue(!lab.state().nodeUnschedulable("cp-1"), "cp-1 was not cordoned");

      lab.faults().clear(); // cp-3's member is back
      assertTrue(wf.retry("cp-1", null).startsWith("retrying cp-1 from step etcd-quorum"));
      UpgradeReport report = RealTimeTemporal.result(wf, 150);
      assertEquals(Phase.COMPLETED, report.outcome(), report.reason());
      assertTrue(
          report.nodes().stream().allMatch(n -> TARGET.toString().equals(n.version())),
          report.toString());
    }
  }
}
