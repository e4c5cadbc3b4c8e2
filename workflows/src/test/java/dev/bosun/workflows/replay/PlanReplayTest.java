package dev.bosun.workflows.replay;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bosun.workflows.WorkflowIds;
import dev.bosun.workflows.model.ApprovalGate;
import dev.bosun.workflows.model.KubeVersion;
import dev.bosun.workflows.model.OnNodeFailure;
import dev.bosun.workflows.testing.FakeCluster;
import dev.bosun.workflows.testing.TestClusters;
import dev.bosun.workflows.upgrade.PlanUpgradeWorkflow;
import dev.bosun.workflows.upgrade.PlanUpgradeWorkflowImpl;
import dev.bosun.workflows.upgrade.UpgradeRequest;
import io.temporal.testing.TestWorkflowEnvironment;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A plan replays against today's code: a fresh one (marker plan-package-index, the lookUpPackageVersion activity)
 * and the committed one recorded before the read-only package index look-up existed (no marker: it keeps its
 * "not checked read-only" finding). Run with -Dbosun.recordHistories=DIR to write a new recording.
 */
@Timeout(60)
class PlanReplayTest {

  static final String ID = WorkflowIds.plan("lab1", "20261207T040000Z");

  @Test
  void testAFreshRecordingReplays() throws Exception {
    FakeCluster cluster = new FakeCluster("v1.30.6", 3, 2);
    String history;
    try (TestWorkflowEnvironment env = TestClusters.start(cluster)) {
      PlanUpgradeWorkflow wf = env.getWorkflowClient()
          .newWorkflowStub(PlanUpgradeWorkflow.class, TestClusters.options(ID));
      wf.plan(UpgradeRequest.fresh(
          TestClusters.inventory(cluster),
          KubeVersion.parse("v1.31.2"),
          TestClusters.spec("1", OnNodeFailure.WAIT_FOR_OPERATOR, ApprovalGate.NONE, 0)));
      history = env.getWorkflowClient().fetchHistory(ID).toJson(true);
    }
    String dir = System.getProperty("bosun.recordHistories");
    if (dir != null) {
      Files.writeString(Path.of(dir, "plan.json"), history);
    }
    Replay.json(history, PlanUpgradeWorkflowImpl.class);
    if (dir == null) {
      assertTrue(
          Replay.payloads(history).contains("plan-package-index")
              && history.contains("LookUpPackageVersion"),
          "the versioned look-up ran");
    }
  }

  @Test
  void testThePlanRecordedBeforeThePackageIndexLookUpReplays() throws Exception {
    String history = new String(
        PlanReplayTest.class
            .getResourceAsStream("/histories/plan/plan-before-package-index.json")
            .readAllBytes(),
        java.nio.charset.StandardCharsets.UTF_8);
    assertTrue(!history.contains("LookUpPackageVersion"), "recorded before the look-up");
    Replay.json(history, PlanUpgradeWorkflowImpl.class);
  }
}
