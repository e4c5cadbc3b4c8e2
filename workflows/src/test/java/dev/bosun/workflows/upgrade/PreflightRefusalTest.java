package dev.bosun.workflows.upgrade;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bosun.workflows.WorkflowIds;
import dev.bosun.workflows.activities.CertificateExpiry;
import dev.bosun.workflows.activities.PdbBlocker;
import dev.bosun.workflows.model.ApprovalGate;
import dev.bosun.workflows.model.KubeVersion;
import dev.bosun.workflows.model.OnNodeFailure;
import dev.bosun.workflows.testing.FakeCluster;
import dev.bosun.workflows.testing.TestClusters;
import io.temporal.client.WorkflowFailedException;
import io.temporal.failure.ApplicationFailure;
import io.temporal.testing.TestWorkflowEnvironment;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Every preflight refusal fails the upgrade before any change, with a PreflightFailed failure naming the blocker. */
@Timeout(60)
class PreflightRefusalTest {

  private final FakeCluster cluster = new FakeCluster("v1.30.6", 3, 3);
  private TestWorkflowEnvironment env;

  @AfterEach
  void close() {
    if (env != null) env.close();
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
    "minor-skip|v1.32.0|version-skew|v1.30.6 → v1.32.0 skips v1.31: upgrade to the latest v1.31 first",
    "downgrade|v1.29.9|version-skew|v1.30.6 → v1.29.9 is a downgrade",
    "control-planes-differ|v1.31.2|control-plane-versions|control planes run different versions: cp-1 v1.30.6, cp-2 v1.30.2, cp-3 v1.30.6",
    "node-not-ready|v1.31.2|nodes-ready|not Ready: w-3",
    "etcd-unhealthy|v1.31.2|etcd|etcd is not healthy",
    "expired-certificate|v1.31.2|certificates|apiserver on cp-1 expired on 2026-11-01T00:00:00Z",
    "pdb-blocker|v1.31.2|pdb|PDB db/pg-pdb allows 0 disruption(s) and covers pods on nodes to drain: db/pg-0",
    "package-missing|v1.31.2|packages|kubeadm v1.31.2 is not available on cp-1: kubeadm 1.31.2 not found in the repository",
    "unsupported-package-manager|v1.31.2|packages|unsupported package manager 'dnf' on cp-1",
    "host-key-mismatch|v1.31.2|ssh|cannot read cp-1 over SSH: host key of cp-1 (10.0.0.10) does not match known_hosts (HostKeyMismatch)",
  })
  void testRefusal(String scenario, String target, String check, String message) {
    switch (scenario) {
      case "control-planes-differ" -> cluster.node("cp-2").kubelet = "v1.30.2";
      case "node-not-ready" -> cluster.node("w-3").ready = false;
      case "etcd-unhealthy" -> cluster.etcdHealthy = false;
      case "expired-certificate" -> cluster.certificates.add(new CertificateExpiry("cp-1", "apiserver", "2026-11-01T00:00:00Z", 0, false, false));
      case "pdb-blocker" -> cluster.pdbBlockers.add(new PdbBlocker("db", "pg-pdb", 0, List.of("db/pg-0"), "would violate"));
      case "package-missing" -> cluster.targetPackagesAvailable = false;
      case "unsupported-package-manager" -> cluster.packageManager = "dnf";
      case "host-key-mismatch" -> cluster.hostKeyMismatch = true;
      default -> { }
    }
    env = TestClusters.start(cluster);
    RollingUpgradeWorkflow wf =
        env.getWorkflowClient().newWorkflowStub(RollingUpgradeWorkflow.class, TestClusters.options(WorkflowIds.mutation("lab1")));
    WorkflowFailedException e = assertThrows(WorkflowFailedException.class, () -> wf.upgrade(new UpgradeRequest(
        TestClusters.inventory(cluster), KubeVersion.parse(target), TestClusters.spec("1", OnNodeFailure.ABORT, ApprovalGate.NONE, 0), null)));
    ApplicationFailure failure = (ApplicationFailure) e.getCause();
    assertEquals("PreflightFailed", failure.getType());
    assertTrue(failure.isNonRetryable());
    assertTrue(failure.getOriginalMessage().contains("- [" + check + "] " + message), failure.getOriginalMessage());
    List<String> changes = cluster.mutatingCalls.stream().filter(c -> !c.startsWith("setPackageRepository:")).toList();
    assertEquals(List.of(), changes, "nothing changes when preflight refuses");
    UpgradeProgress progress = wf.progress();
    assertEquals("Failed", progress.phase());
    assertTrue(progress.findings().stream().anyMatch(f -> f.blocks() && f.check().equals(check)));
  }

  @Test
  void testInvalidRequestFailsAtOnceNamingTheField() {
    env = TestClusters.start(cluster);
    RollingUpgradeWorkflow wf =
        env.getWorkflowClient().newWorkflowStub(RollingUpgradeWorkflow.class, TestClusters.options(WorkflowIds.mutation("lab1")));
    WorkflowFailedException e = assertThrows(WorkflowFailedException.class, () -> wf.upgrade(new UpgradeRequest(
        TestClusters.inventory(cluster), RollingUpgradeWorkflowTest.TARGET, TestClusters.spec("0%", OnNodeFailure.ABORT, ApprovalGate.NONE, 0), null)));
    ApplicationFailure failure = (ApplicationFailure) e.getCause();
    assertEquals("InvalidRequest", failure.getType());
    assertTrue(failure.getOriginalMessage().contains("upgrade.maxUnavailable must be a count of at least 1"), failure.getOriginalMessage());
    assertEquals(List.of(), cluster.calls);
  }

  @Test
  void testCertificateExpiringSoonIsOnlyAWarning() {
    cluster.certificates.add(new CertificateExpiry("cp-1", "apiserver", "2026-12-01T00:00:00Z", 10L * 86400, false, false));
    env = TestClusters.start(cluster);
    RollingUpgradeWorkflow wf =
        env.getWorkflowClient().newWorkflowStub(RollingUpgradeWorkflow.class, TestClusters.options(WorkflowIds.mutation("lab1")));
    UpgradeReport report = wf.upgrade(new UpgradeRequest(
        TestClusters.inventory(cluster), RollingUpgradeWorkflowTest.TARGET, TestClusters.spec("3", OnNodeFailure.ABORT, ApprovalGate.NONE, 0), null));
    assertEquals("Completed", report.outcome());
    assertTrue(report.preflight().stream().anyMatch(f -> f.severity().equals("warning") && f.message().contains("expires in 10 days")));
  }
}
