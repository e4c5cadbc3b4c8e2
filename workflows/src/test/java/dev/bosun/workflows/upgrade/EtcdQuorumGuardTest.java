package dev.bosun.workflows.upgrade;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bosun.workflows.Phase;
import dev.bosun.workflows.model.ApprovalGate;
import dev.bosun.workflows.model.OnNodeFailure;
import dev.bosun.workflows.testing.FakeCluster;
import dev.bosun.workflows.testing.TestClusters;
import io.temporal.client.WorkflowStub;
import io.temporal.testing.TestWorkflowEnvironment;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The etcd quorum guard before each control plane: a refusal is a node failure the operator answers. */
@Timeout(60)
class EtcdQuorumGuardTest {

  private final FakeCluster cluster = new FakeCluster("v1.30.6", 3, 1);
  private TestWorkflowEnvironment env;
  private RollingUpgradeWorkflow wf;

  @BeforeEach
  void start() {
    cluster.etcdMembersDown.add("cp-3");
    env = TestClusters.start(cluster);
    wf = TestClusters.startUpgrade(
        env,
        UpgradeRequest.fresh(
            TestClusters.inventory(cluster),
            RollingUpgradeWorkflowTest.TARGET,
            TestClusters.spec("1", OnNodeFailure.WAIT_FOR_OPERATOR, ApprovalGate.NONE, 0)));
  }

  @AfterEach
  void close() {
    env.close();
  }

  private UpgradeReport result() {
    return WorkflowStub.fromTyped(wf).getResult(UpgradeReport.class);
  }

  @Test
  void testRefusesCp1WhileCp3IsDownNamingCp3ThenRetryPasses() throws Exception {
    UpgradeProgress p = TestClusters.awaitProgress(wf, x -> x.awaiting() != null);
    assertEquals(Phase.AWAITING_OPERATOR, p.phase());
    assertEquals("cp-1", p.awaiting().node());
    assertEquals("etcd-quorum", p.awaiting().step());
    assertTrue(p.awaiting().error().contains("unhealthy: cp-3"), p.awaiting().error());
    assertFalse(cluster.calls.contains("cordon:cp-1"), "refused before the drain");

    cluster.etcdMembersDown.clear(); // cp-3's member is back
    wf.retry("cp-1", null);
    UpgradeReport report = result();
    assertEquals(Phase.COMPLETED, report.outcome());
    assertEquals(
        3,
        cluster.calls.stream().filter(c -> c.startsWith("etcdMembers:")).count()
            - 1, // the refused read of cp-1
        "one read per control plane once healthy");
    assertFalse(
        cluster.calls.stream().anyMatch(c -> c.equals("etcdMembers:w-1")),
        "workers have no member");
  }

  @Test
  void testAbortAfterTheRefusalUndoesNothingItDidNotDo() throws Exception {
    TestClusters.awaitProgress(wf, x -> x.awaiting() != null);
    int before =
        cluster.mutatingCalls.size(); // preflight's repository switch and the etcd snapshot
    wf.abort("etcd first");
    UpgradeReport report = result();
    assertEquals(Phase.ABORTED, report.outcome());
    assertEquals(
        java.util.List.of(),
        cluster.mutatingCalls.subList(before, cluster.mutatingCalls.size()),
        "the refused node was not touched, so nothing is undone");
    assertEquals(
        "etcd-quorum",
        report.nodes().stream()
            .filter(n -> n.node().equals("cp-1"))
            .findFirst()
            .orElseThrow()
            .failedStep());
  }
}
