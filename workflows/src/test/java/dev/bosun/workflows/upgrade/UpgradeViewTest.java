package dev.bosun.workflows.upgrade;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bosun.workflows.Phase;
import dev.bosun.workflows.WorkflowIds;
import dev.bosun.workflows.model.ApprovalGate;
import dev.bosun.workflows.model.OnNodeFailure;
import dev.bosun.workflows.model.UpgradeSpec;
import dev.bosun.workflows.testing.FakeCluster;
import dev.bosun.workflows.testing.TestClusters;
import io.temporal.testing.TestWorkflowEnvironment;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** What {@link UpgradeView} shows: here, that a finished node's row keeps its own start and end. */
@Timeout(60)
class UpgradeViewTest {

  private TestWorkflowEnvironment env;

  @AfterEach
  void close() {
    if (env != null) env.close();
  }

  /**
   * The live view's ELAPSED is a row's end minus its start: the final report must not move the end of
   * a node that finished long before (it did: cp-1 showed the whole upgrade's 43 s, its duration being 4.4 s).
   */
  @Test
  void testAFinishedNodeKeepsItsOwnDurationUntilTheEnd() {
    FakeCluster cluster = new FakeCluster("v1.30.6", 1, 3);
    env = TestClusters.start(cluster);
    RollingUpgradeWorkflow wf = env.getWorkflowClient()
        .newWorkflowStub(
            RollingUpgradeWorkflow.class, TestClusters.options(WorkflowIds.mutation("lab1")));
    UpgradeSpec s = TestClusters.spec("1", OnNodeFailure.WAIT_FOR_OPERATOR, ApprovalGate.NONE, 0);
    UpgradeSpec tenMinutesBetweenBatches = new UpgradeSpec(
        s.maxUnavailable(),
        s.drain(),
        s.onNodeFailure(),
        s.approval(),
        s.maxFailedNodes(),
        s.etcdSnapshot(),
        Duration.ofMinutes(10),
        s.operatorTimeout());
    UpgradeReport report = wf.upgrade(UpgradeRequest.fresh(
        TestClusters.inventory(cluster),
        RollingUpgradeWorkflowTest.TARGET,
        tenMinutesBetweenBatches));
    assertEquals(Phase.COMPLETED, report.outcome());
    assertTrue(
        report.durationMillis() >= Duration.ofMinutes(20).toMillis(),
        "two pauses between the three worker batches");

    UpgradeProgress progress = wf.progress();
    for (NodeRow row : progress.nodes()) {
      NodeReport node = report.nodes().stream()
          .filter(n -> n.node().equals(row.node()))
          .findFirst()
          .orElseThrow();
      long elapsed = row.finishedAtMillis() - row.startedAtMillis();
      assertTrue(row.startedAtMillis() > 0 && row.finishedAtMillis() > 0, row.toString());
      assertTrue(
          elapsed < Duration.ofMinutes(1).toMillis(),
          row.node() + " shows " + elapsed + " ms, not the upgrade's " + report.durationMillis()
              + " ms");
      assertTrue(
          Math.abs(elapsed - node.durationMillis()) < 5_000,
          row.node() + ": row " + elapsed + " ms, node " + node.durationMillis() + " ms");
    }
  }
}
