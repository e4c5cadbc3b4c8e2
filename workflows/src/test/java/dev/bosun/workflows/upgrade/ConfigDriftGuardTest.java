package dev.bosun.workflows.upgrade;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bosun.workflows.Phase;
import dev.bosun.workflows.WorkflowIds;
import dev.bosun.workflows.model.ApprovalGate;
import dev.bosun.workflows.model.OnNodeFailure;
import dev.bosun.workflows.testing.FakeCluster;
import dev.bosun.workflows.testing.TestClusters;
import io.temporal.testing.TestWorkflowEnvironment;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The config-drift guard's decision: drift stops the node before its kubelet restart; no drift goes on. */
class ConfigDriftGuardTest {

  private static final String KUBELET = "/var/lib/kubelet/config.yaml";

  private final FakeCluster cluster = new FakeCluster("v1.30.6", 1, 2);
  private TestWorkflowEnvironment env;

  @BeforeEach
  void configs() {
    for (String n : cluster.nodes.keySet()) {
      Map<String, String> kubelet =
          new HashMap<>(Map.of("maxPods", "150", "cgroupDriver", "systemd"));
      cluster.configs.put(n, new HashMap<>(Map.of(KUBELET, kubelet)));
    }
  }

  @AfterEach
  void tearDown() {
    if (env != null) {
      env.close();
    }
  }

  private UpgradeReport upgrade() {
    env = TestClusters.start(cluster);
    RollingUpgradeWorkflow wf = env.getWorkflowClient()
        .newWorkflowStub(
            RollingUpgradeWorkflow.class, TestClusters.options(WorkflowIds.mutation("lab1")));
    return wf.upgrade(new UpgradeRequest(
        TestClusters.inventory(cluster),
        RollingUpgradeWorkflowTest.TARGET,
        TestClusters.spec("1", OnNodeFailure.ABORT, ApprovalGate.NONE, 0),
        null));
  }

  @Test
  void testUnchangedConfigurationLetsEveryNodeThrough() {
    UpgradeReport report = upgrade();
    assertEquals(Phase.COMPLETED, report.outcome());
    for (String n : cluster.nodes.keySet()) {
      assertTrue(cluster.indexOf("fingerprintConfig:" + n)
          < cluster.indexOf("installPackages:" + n + ":kubeadm=1.31.2-1.1"));
      assertTrue(cluster.calls.lastIndexOf("fingerprintConfig:" + n)
          < cluster.indexOf("restartKubelet:" + n));
    }
  }

  @Test
  void testLostKubeletSettingsStopTheNodeBeforeItsKubeletRestartsWithTheDiff() {
    cluster.onKubeadmUpgrade.put(
        "w-1", () -> cluster.configs.get("w-1").get(KUBELET).remove("maxPods"));
    UpgradeReport report = upgrade();
    assertEquals(Phase.ABORTED, report.outcome());
    NodeReport w1 =
        report.nodes().stream().filter(n -> n.node().equals("w-1")).findFirst().orElseThrow();
    assertEquals("kubelet-restart", w1.failedStep());
    assertTrue(
        w1.error().contains("configuration drift on w-1 after its upgrade (1 change")
            && w1.error().contains("- /var/lib/kubelet/config.yaml: maxPods 150 → (removed)"),
        w1.error());
    int restart = cluster.indexOf("restartKubelet:w-1"); // the compensation's, on the old packages
    assertTrue(
        restart < 0 || restart > cluster.calls.lastIndexOf("fingerprintConfig:w-1"),
        "the kubelet never restarted on the drifted config: " + cluster.callsOf("w-1"));
    assertEquals("v1.31.2", report.nodes().get(0).version(), "cp-1 went through");
  }
}
