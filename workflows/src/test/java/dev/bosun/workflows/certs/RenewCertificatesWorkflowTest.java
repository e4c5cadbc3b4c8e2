package dev.bosun.workflows.certs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bosun.workflows.WorkflowIds;
import dev.bosun.workflows.testing.FakeCluster;
import dev.bosun.workflows.testing.TestClusters;
import io.temporal.client.WorkflowFailedException;
import io.temporal.failure.ApplicationFailure;
import io.temporal.testing.TestWorkflowEnvironment;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The renewal saga's order, its stop on a failed node, and its compensation (manifests back). */
class RenewCertificatesWorkflowTest {

  private final FakeCluster cluster = new FakeCluster("v1.30.6", 3, 1);
  private TestWorkflowEnvironment env;

  @AfterEach
  void tearDown() {
    if (env != null) {
      env.close();
    }
  }

  private RenewCertificatesWorkflow start() {
    env = TestClusters.start(cluster);
    return env.getWorkflowClient()
        .newWorkflowStub(
            RenewCertificatesWorkflow.class, TestClusters.options(WorkflowIds.mutation("lab1")));
  }

  private List<String> renewalCalls() {
    return cluster.mutatingCalls.stream()
        .filter(c -> c.matches("(renewCertificates|pauseStaticPods|resumeStaticPods):.*"))
        .toList();
  }

  @Test
  void testControlPlanesAreRenewedOneAtATimeWithTheirPodsRestarted() {
    CertificatesReport report = start()
        .renew(new CertificatesRequest(TestClusters.inventory(cluster), Duration.ofSeconds(20)));
    assertEquals(
        List.of(
            "renewCertificates:cp-1",
            "pauseStaticPods:cp-1",
            "resumeStaticPods:cp-1",
            "renewCertificates:cp-2",
            "pauseStaticPods:cp-2",
            "resumeStaticPods:cp-2",
            "renewCertificates:cp-3",
            "pauseStaticPods:cp-3",
            "resumeStaticPods:cp-3"),
        renewalCalls());
    assertEquals(List.of("cp-1", "cp-2", "cp-3"), report.renewed());
    assertTrue(report.failedNode() == null);
    // the health gate of each node runs after its pods came back and before the next node starts
    assertTrue(cluster.calls.lastIndexOf("checkControlPlane:cp-1")
        > cluster.indexOf("resumeStaticPods:cp-1"));
    assertTrue(cluster.calls.lastIndexOf("checkControlPlane:cp-1")
        < cluster.indexOf("renewCertificates:cp-2"));
    assertFalse(
        cluster.calls.contains("renewCertificates:w-1"), "workers have no kubeadm certificates");
  }

  @Test
  void testAFailedHealthGateStopsAtThatNodeAndNamesIt() {
    cluster.unhealthyAfterRestart.add("cp-2");
    RenewCertificatesWorkflow wf = start();
    WorkflowFailedException e = assertThrows(
        WorkflowFailedException.class,
        () -> wf.renew(new CertificatesRequest(TestClusters.inventory(cluster), null)));
    ApplicationFailure failure = (ApplicationFailure) e.getCause();
    assertEquals("CertificateRenewalFailed", failure.getType());
    assertTrue(
        failure.getOriginalMessage().startsWith("certificate renewal of lab1 stopped at cp-2:"),
        failure.getOriginalMessage());
    assertTrue(failure.getOriginalMessage().contains("kube-apiserver on cp-2 is not Ready"));
    assertTrue(failure.getOriginalMessage().contains("renewed before it: cp-1"));
    CertificatesReport report = failure.getDetails().get(CertificatesReport.class);
    assertEquals("cp-2", report.failedNode());
    assertEquals(List.of("cp-1"), report.renewed());
    assertFalse(cluster.calls.contains("renewCertificates:cp-3"), "cp-3 is never touched");
  }

  @Test
  void testAnUnhealthyControlPlaneIsLeftAlone() {
    cluster.failAt("cp-1", dev.bosun.workflows.upgrade.NodeStep.HEALTH_GATE, 1);
    RenewCertificatesWorkflow wf = start();
    WorkflowFailedException e = assertThrows(
        WorkflowFailedException.class,
        () -> wf.renew(new CertificatesRequest(TestClusters.inventory(cluster), null)));
    assertTrue(
        ((ApplicationFailure) e.getCause())
            .getOriginalMessage()
            .contains("is not healthy before the renewal, left alone"),
        e.getCause().getMessage());
    assertEquals(List.of(), renewalCalls());
  }

  @Test
  void testABadWaitIsRefusedBeforeAnyActivity() {
    RenewCertificatesWorkflow wf = start();
    WorkflowFailedException e = assertThrows(
        WorkflowFailedException.class,
        () -> wf.renew(
            new CertificatesRequest(TestClusters.inventory(cluster), Duration.ofHours(1))));
    assertTrue(e.getCause().getMessage().contains("--static-pod-wait must be 0s to 10m"));
    assertEquals(List.of(), cluster.calls);
  }
}
