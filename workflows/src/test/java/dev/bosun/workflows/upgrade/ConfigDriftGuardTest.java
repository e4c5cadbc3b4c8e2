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
    return wf.upgrade(UpgradeRequest.fresh(
        TestClusters.inventory(cluster),
        RollingUpgradeWorkflowTest.TARGET,
        TestClusters.spec("1", OnNodeFailure.ABORT, ApprovalGate.NONE, 0)));
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

  private RollingUpgradeWorkflow startWaiting() {
    env = TestClusters.start(cluster);
    RollingUpgradeWorkflow wf = TestClusters.startUpgrade(
        env,
        UpgradeRequest.fresh(
            TestClusters.inventory(cluster),
            RollingUpgradeWorkflowTest.TARGET,
            TestClusters.spec("1", OnNodeFailure.WAIT_FOR_OPERATOR, ApprovalGate.NONE, 0)));
    return wf;
  }

  private static UpgradeReport result(RollingUpgradeWorkflow wf) {
    return io.temporal.client.WorkflowStub.fromTyped(wf).getResult(UpgradeReport.class);
  }

  private static String rejection(Runnable update) {
    return org.junit.jupiter.api.Assertions.assertThrows(
            io.temporal.client.WorkflowUpdateException.class, update::run)
        .getCause()
        .getMessage();
  }

  @Test
  void testRestoreConfigPutsTheChangedFileBackAndTheNodeFinishes() throws Exception {
    cluster.onKubeadmUpgrade.put(
        "w-1", () -> cluster.configs.get("w-1").get(KUBELET).remove("maxPods"));
    RollingUpgradeWorkflow wf = startWaiting();
    UpgradeProgress p = TestClusters.awaitProgress(wf, x -> x.awaiting() != null);
    assertEquals(java.util.List.of(KUBELET), p.awaiting().driftedFiles());
    assertTrue(rejection(() -> wf.retry("w-1", "revert"))
        .contains("the drift answer is accept or restore"));

    String answer = wf.retry("w-1", "restore");

    assertTrue(answer.endsWith("/var/lib/kubelet/config.yaml restored first"), answer);
    UpgradeReport report = result(wf);
    assertEquals(Phase.COMPLETED, report.outcome());
    assertEquals("150", cluster.configs.get("w-1").get(KUBELET).get("maxPods"));
    assertTrue(
        cluster.indexOf("restoreConfig:w-1:" + KUBELET) < cluster.indexOf("restartKubelet:w-1"));
  }

  @Test
  void testAcceptDriftKeepsTheNewConfigurationAndTheNodeFinishes() throws Exception {
    cluster.onKubeadmUpgrade.put(
        "w-1", () -> cluster.configs.get("w-1").get(KUBELET).put("maxPods", "110"));
    RollingUpgradeWorkflow wf = startWaiting();
    TestClusters.awaitProgress(wf, x -> x.awaiting() != null);

    assertTrue(wf.retry("w-1", "accept").endsWith("its configuration accepted as it is"));

    assertEquals(Phase.COMPLETED, result(wf).outcome());
    assertEquals("110", cluster.configs.get("w-1").get(KUBELET).get("maxPods"));
    assertTrue(cluster.calls.stream().noneMatch(c -> c.startsWith("restoreConfig:")));
  }

  @Test
  void testDriftAnswersAreRefusedForOtherFailuresAndForManifests() throws Exception {
    String manifest = "/etc/kubernetes/manifests/kube-apiserver.yaml";
    cluster.configs.get("cp-1").put(manifest, new HashMap<>(Map.of("spec.hostNetwork", "true")));
    cluster.onKubeadmUpgrade.put(
        "cp-1", () -> cluster.configs.get("cp-1").get(manifest).put("spec.hostNetwork", "false"));
    RollingUpgradeWorkflow wf = startWaiting();
    TestClusters.awaitProgress(wf, x -> x.awaiting() != null);
    assertTrue(rejection(() -> wf.retry("cp-1", "restore"))
        .contains("cannot restore " + manifest + ": the previous static pod manifest would take"));
    wf.retry("cp-1", "accept");
    cluster.failAt("w-1", NodeStep.KUBEADM_UPGRADE, 1);
    TestClusters.awaitProgress(
        wf, x -> x.awaiting() != null && x.awaiting().node().equals("w-1"));
    assertTrue(rejection(() -> wf.retry("w-1", "accept"))
        .contains("w-1 did not stop on configuration drift"));
    wf.retry("w-1", null);
    assertEquals(Phase.COMPLETED, result(wf).outcome());
  }
}
