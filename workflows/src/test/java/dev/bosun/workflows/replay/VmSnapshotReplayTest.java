package dev.bosun.workflows.replay;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bosun.workflows.WorkflowIds;
import dev.bosun.workflows.drain.NodeDrainWorkflowImpl;
import dev.bosun.workflows.model.ApprovalGate;
import dev.bosun.workflows.model.DrainOptions;
import dev.bosun.workflows.model.KubeVersion;
import dev.bosun.workflows.model.OnNodeFailure;
import dev.bosun.workflows.model.UpgradeSpec;
import dev.bosun.workflows.testing.FakeCluster;
import dev.bosun.workflows.testing.FakeVmSnapshots;
import dev.bosun.workflows.testing.TestClusters;
import dev.bosun.workflows.upgrade.NodeStep;
import dev.bosun.workflows.upgrade.NodeUpgradeWorkflowImpl;
import dev.bosun.workflows.upgrade.RollingUpgradeWorkflow;
import dev.bosun.workflows.upgrade.RollingUpgradeWorkflowImpl;
import dev.bosun.workflows.upgrade.UpgradeRequest;
import io.temporal.client.WorkflowClient;
import io.temporal.testing.TestWorkflowEnvironment;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * An upgrade with upgrade.snapshotBeforeUpgrade replays against today's code: the versioned snapshot step (its marker,
 * the save before the packages, the restore of a failed worker, the delete of a finished one) is deterministic.
 * (Runs without the option are the committed histories of {@link HistoryReplayTest} and {@link ScenarioReplayTest}.)
 */
@Timeout(90)
class VmSnapshotReplayTest {

  static final KubeVersion TARGET = KubeVersion.parse("v1.31.2");

  @Test
  void testAnUpgradeWithSnapshotsReplays() throws Exception {
    FakeCluster cluster = new FakeCluster("v1.30.6", 1, 2);
    cluster.failAt("w-2", NodeStep.KUBELET_RESTART, 1);
    UpgradeSpec spec = new UpgradeSpec(
        "1",
        DrainOptions.defaults(),
        OnNodeFailure.SKIP,
        ApprovalGate.NONE,
        0,
        true,
        Duration.ZERO,
        Duration.ofHours(1),
        true);
    Map<String, String> vms =
        Map.of("w-1", FakeVmSnapshots.LINUX_BOX, "w-2", FakeVmSnapshots.LINUX_BOX);
    String rolling;
    String w1;
    String w2;
    try (TestWorkflowEnvironment env =
        TestClusters.startWith(cluster, new FakeVmSnapshots(cluster))) {
      WorkflowClient client = env.getWorkflowClient();
      RollingUpgradeWorkflow wf = client.newWorkflowStub(
          RollingUpgradeWorkflow.class, TestClusters.options(WorkflowIds.mutation("lab1")));
      wf.upgrade(UpgradeRequest.fresh(FakeVmSnapshots.inventory(cluster, vms, spec), TARGET, spec));
      rolling = client.fetchHistory(WorkflowIds.mutation("lab1")).toJson(true);
      w1 =
          client.fetchHistory(WorkflowIds.nodeUpgrade("lab1", TARGET, "w-1", 1)).toJson(true);
      w2 =
          client.fetchHistory(WorkflowIds.nodeUpgrade("lab1", TARGET, "w-2", 1)).toJson(true);
    }
    assertTrue(w1.contains("MARKER_RECORDED"), "w-1 has the version marker");
    assertTrue(
        w1.contains("SaveSnapshot") && w1.contains("DeleteSnapshot"), "w-1 saved and deleted");
    assertTrue(w2.contains("RestoreSnapshot"), "w-2 restored");
    for (String history : new String[] {rolling, w1, w2}) {
      Replay.json(
          history,
          RollingUpgradeWorkflowImpl.class,
          NodeUpgradeWorkflowImpl.class,
          NodeDrainWorkflowImpl.class);
    }
  }
}
