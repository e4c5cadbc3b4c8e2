package dev.bosun.workflows.upgrade;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bosun.workflows.Phase;
import dev.bosun.workflows.WorkflowIds;
import dev.bosun.workflows.activities.CertificateExpiry;
import dev.bosun.workflows.activities.PdbBlocker;
import dev.bosun.workflows.model.ApprovalGate;
import dev.bosun.workflows.model.KubeVersion;
import dev.bosun.workflows.model.OnNodeFailure;
import dev.bosun.workflows.model.UpgradeSpec;
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
  @CsvSource(
      delimiter = '|',
      value = {
        // the inventory says v1.30.6 (one minor below): no chain is planned, preflight finds the
        // cluster older
        "minor-skip|v1.31.2|version-skew|v1.29.9 → v1.31.2 skips v1.30: upgrade to the latest v1.30 first",
        "downgrade|v1.29.9|version-skew|v1.30.6 → v1.29.9 is a downgrade",
        "control-planes-differ|v1.31.2|control-plane-versions|control planes run different versions: cp-1 v1.30.6, cp-2 v1.30.2, cp-3 v1.30.6",
        "node-not-ready|v1.31.2|nodes-ready|not Ready: w-3",
        "etcd-unhealthy|v1.31.2|etcd|etcd is not healthy",
        "expired-certificate|v1.31.2|certificates|certificate apiserver on cp-1 expired on 2026-11-01T00:00:00Z",
        "expired-certificate-on-cp-3|v1.31.2|certificates|certificate apiserver on cp-3 expired on 2026-11-01T00:00:00Z",
        "expiring-certificate-without-renewal|v1.31.2|certificates|certificate apiserver on cp-2 expires in 3 days",
        "expiring-authority|v1.31.2|certificates|certificate authority ca on cp-1 expires in 5 days",
        "pdb-blocker|v1.31.2|pdb|PDB db/pg-pdb allows 0 disruption(s) and covers pods on nodes to drain: db/pg-0",
        "package-missing|v1.31.2|packages|kubeadm v1.31.2 is not available on cp-1: kubeadm 1.31.2 not found in the repository",
        "unsupported-package-manager|v1.31.2|packages|unsupported package manager 'dnf' on cp-1",
        "host-key-mismatch|v1.31.2|ssh|cannot read cp-1 over SSH: host key of cp-1 (10.0.0.10) does not match known_hosts (HostKeyMismatch)",
      })
  void testRefusal(String scenario, String target, String check, String message) {
    boolean certificateRenewal = true;
    switch (scenario) {
      case "minor-skip" -> cluster.nodes.values().forEach(n -> n.kubelet = "v1.29.9");
      case "control-planes-differ" -> cluster.node("cp-2").kubelet = "v1.30.2";
      case "node-not-ready" -> cluster.node("w-3").ready = false;
      case "etcd-unhealthy" -> cluster.etcdHealthy = false;
      case "expired-certificate" ->
        cluster.certificates.add(
            new CertificateExpiry("cp-1", "apiserver", "2026-11-01T00:00:00Z", 0, false, false));
      case "expired-certificate-on-cp-3" ->
        cluster.certificates.add(
            new CertificateExpiry("cp-3", "apiserver", "2026-11-01T00:00:00Z", 0, false, false));
      case "expiring-certificate-without-renewal" -> {
        cluster.certificates.add(new CertificateExpiry(
            "cp-2", "apiserver", "2026-11-04T00:00:00Z", 3 * 86400, false, false));
        certificateRenewal = false;
      }
      case "expiring-authority" ->
        cluster.certificates.add(
            new CertificateExpiry("cp-1", "ca", "2026-11-06T00:00:00Z", 5 * 86400, true, false));
      case "pdb-blocker" ->
        cluster.pdbBlockers.add(
            new PdbBlocker("db", "pg-pdb", 0, List.of("db/pg-0"), "would violate"));
      case "package-missing" -> cluster.targetPackagesAvailable = false;
      case "unsupported-package-manager" -> cluster.packageManager = "dnf";
      case "host-key-mismatch" -> cluster.hostKeyMismatch = true;
      default -> {}
    }
    env = TestClusters.start(cluster);
    UpgradeSpec options = withRenewal(
        TestClusters.spec("1", OnNodeFailure.ABORT, ApprovalGate.NONE, 0), certificateRenewal);
    RollingUpgradeWorkflow wf = env.getWorkflowClient()
        .newWorkflowStub(
            RollingUpgradeWorkflow.class, TestClusters.options(WorkflowIds.mutation("lab1")));
    WorkflowFailedException e = assertThrows(
        WorkflowFailedException.class,
        () -> wf.upgrade(UpgradeRequest.fresh(
            TestClusters.inventory(cluster), KubeVersion.parse(target), options)));
    ApplicationFailure failure = (ApplicationFailure) e.getCause();
    assertEquals("PreflightFailed", failure.getType());
    assertTrue(failure.isNonRetryable());
    assertTrue(
        failure.getOriginalMessage().contains("- [" + check + "] " + message),
        failure.getOriginalMessage());
    List<String> changes = cluster.mutatingCalls.stream()
        .filter(c -> !c.startsWith("setPackageRepository:"))
        .toList();
    assertEquals(List.of(), changes, "nothing changes when preflight refuses");
    UpgradeProgress progress = wf.progress();
    assertEquals(Phase.FAILED, progress.phase());
    assertTrue(progress.findings().stream()
        .anyMatch(f -> f.blocks() && f.check().label().equals(check)));
  }

  @Test
  void testInvalidRequestFailsAtOnceNamingTheField() {
    env = TestClusters.start(cluster);
    RollingUpgradeWorkflow wf = env.getWorkflowClient()
        .newWorkflowStub(
            RollingUpgradeWorkflow.class, TestClusters.options(WorkflowIds.mutation("lab1")));
    WorkflowFailedException e = assertThrows(
        WorkflowFailedException.class,
        () -> wf.upgrade(UpgradeRequest.fresh(
            TestClusters.inventory(cluster),
            RollingUpgradeWorkflowTest.TARGET,
            TestClusters.spec("0%", OnNodeFailure.ABORT, ApprovalGate.NONE, 0))));
    ApplicationFailure failure = (ApplicationFailure) e.getCause();
    assertEquals("InvalidRequest", failure.getType());
    assertTrue(
        failure
            .getOriginalMessage()
            .contains("upgrade.maxUnavailable must be a count of at least 1"),
        failure.getOriginalMessage());
    assertEquals(List.of(), cluster.calls);
  }

  @Test
  void testEveryBadUpgradeSpecFieldIsNamedBeforeAnyActivity() {
    env = TestClusters.start(cluster);
    RollingUpgradeWorkflow wf = env.getWorkflowClient()
        .newWorkflowStub(
            RollingUpgradeWorkflow.class, TestClusters.options(WorkflowIds.mutation("lab1")));
    dev.bosun.workflows.model.DrainOptions badDrain = new dev.bosun.workflows.model.DrainOptions(
        java.time.Duration.ofSeconds(-1),
        -2,
        true,
        true,
        false,
        "app in (",
        false,
        java.time.Duration.ZERO);
    dev.bosun.workflows.model.UpgradeSpec spec = new dev.bosun.workflows.model.UpgradeSpec(
        "1", badDrain, null, null, 0, true, null, java.time.Duration.ofHours(-1));
    WorkflowFailedException e = assertThrows(
        WorkflowFailedException.class,
        () -> wf.upgrade(UpgradeRequest.fresh(
            TestClusters.inventory(cluster), RollingUpgradeWorkflowTest.TARGET, spec)));
    ApplicationFailure failure = (ApplicationFailure) e.getCause();
    assertEquals("InvalidRequest", failure.getType());
    String m = failure.getOriginalMessage();
    for (String field : List.of(
        "upgrade.drain.timeout",
        "upgrade.drain.gracePeriod",
        "upgrade.drain.podSelector",
        "upgrade.onNodeFailure",
        "upgrade.approval",
        "upgrade.pauseBetweenBatches is required",
        "upgrade.operatorTimeout")) {
      assertTrue(m.contains(field), field + " not named in: " + m);
    }
    assertEquals(List.of(), cluster.calls);
  }

  @Test
  void testMissingEtcdToolsBlockAnUpgradeWithASnapshotBeforeAnyChange() {
    cluster.etcdToolsMissing = true;
    env = TestClusters.start(cluster);
    RollingUpgradeWorkflow wf = env.getWorkflowClient()
        .newWorkflowStub(
            RollingUpgradeWorkflow.class, TestClusters.options(WorkflowIds.mutation("lab1")));
    assertThrows(
        WorkflowFailedException.class,
        () -> wf.upgrade(UpgradeRequest.fresh(
            TestClusters.inventory(cluster),
            RollingUpgradeWorkflowTest.TARGET,
            TestClusters.spec("2", OnNodeFailure.ABORT, ApprovalGate.NONE, 0))));
    assertTrue(
        wf.progress().findings().stream()
            .anyMatch(
                f -> f.blocks()
                    && f.check().label().equals("etcd-tools")
                    && f.message()
                        .equals(
                            "etcdctl/etcdutl not found on cp-1: install etcd-client matching the cluster's etcd (with etcdSnapshot: false only etcdctl is needed, for the etcd quorum guard)")),
        wf.progress().findings().toString());
    assertTrue(
        cluster.mutatingCalls.isEmpty(),
        "refused before switching any repository: " + cluster.mutatingCalls);
  }

  /** Without a snapshot etcdutl is not needed, but etcdctl is: the quorum guard reads the members before each control plane. */
  @Test
  void testWithoutASnapshotEtcdctlIsStillNeededOnEveryControlPlane() {
    cluster.etcdToolsMissing = true;
    env = TestClusters.start(cluster);
    RollingUpgradeWorkflow wf = env.getWorkflowClient()
        .newWorkflowStub(
            RollingUpgradeWorkflow.class, TestClusters.options(WorkflowIds.mutation("lab1")));
    dev.bosun.workflows.model.UpgradeSpec s =
        TestClusters.spec("2", OnNodeFailure.ABORT, ApprovalGate.NONE, 0);
    dev.bosun.workflows.model.UpgradeSpec noSnapshot = new dev.bosun.workflows.model.UpgradeSpec(
        s.maxUnavailable(),
        s.drain(),
        s.onNodeFailure(),
        s.approval(),
        s.maxFailedNodes(),
        false,
        s.pauseBetweenBatches(),
        s.operatorTimeout());
    assertThrows(
        WorkflowFailedException.class,
        () -> wf.upgrade(UpgradeRequest.fresh(
            TestClusters.inventory(cluster), RollingUpgradeWorkflowTest.TARGET, noSnapshot)));
    String controlPlanes = String.join(
        ", ",
        cluster.nodes.values().stream()
            .filter(n -> n.controlPlane)
            .map(n -> n.name)
            .toList());
    assertTrue(
        wf.progress().findings().stream()
            .anyMatch(f -> f.blocks()
                && f.message()
                    .startsWith("etcdctl not found on " + controlPlanes
                        + ": the etcd quorum guard reads the etcd members with it")),
        wf.progress().findings().toString());
    assertFalse(
        wf.progress().findings().stream().anyMatch(f -> f.message().contains("etcdutl")),
        "no snapshot: etcdutl is not asked for");
    assertTrue(cluster.mutatingCalls.isEmpty(), "refused before any change");
  }

  @Test
  void testCertificateExpiringSoonIsOnlyAWarning() {
    cluster.certificates.add(new CertificateExpiry(
        "cp-1", "apiserver", "2026-12-01T00:00:00Z", 10L * 86400, false, false));
    env = TestClusters.start(cluster);
    RollingUpgradeWorkflow wf = env.getWorkflowClient()
        .newWorkflowStub(
            RollingUpgradeWorkflow.class, TestClusters.options(WorkflowIds.mutation("lab1")));
    UpgradeReport report = wf.upgrade(UpgradeRequest.fresh(
        TestClusters.inventory(cluster),
        RollingUpgradeWorkflowTest.TARGET,
        TestClusters.spec("3", OnNodeFailure.ABORT, ApprovalGate.NONE, 0)));
    assertEquals(Phase.COMPLETED, report.outcome());
    assertTrue(report.preflight().stream()
        .anyMatch(f ->
            f.severity().label().equals("warning") && f.message().contains("expires in 10 days")));
  }

  private static UpgradeSpec withRenewal(UpgradeSpec s, boolean certificateRenewal) {
    return new UpgradeSpec(
        s.maxUnavailable(),
        s.drain(),
        s.onNodeFailure(),
        s.approval(),
        s.maxFailedNodes(),
        s.etcdSnapshot(),
        s.pauseBetweenBatches(),
        s.operatorTimeout(),
        s.snapshotBeforeUpgrade(),
        s.windowsOrNone(),
        s.ignoreWindow(),
        certificateRenewal);
  }
}
