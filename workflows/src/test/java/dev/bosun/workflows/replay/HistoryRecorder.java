package dev.bosun.workflows.replay;

import dev.bosun.workflows.WorkflowIds;
import dev.bosun.workflows.drain.DrainRequest;
import dev.bosun.workflows.drain.NodeDrainWorkflow;
import dev.bosun.workflows.model.ApprovalGate;
import dev.bosun.workflows.model.ClusterTarget;
import dev.bosun.workflows.model.DrainOptions;
import dev.bosun.workflows.model.KubeVersion;
import dev.bosun.workflows.model.OnNodeFailure;
import dev.bosun.workflows.testing.FakeCluster;
import dev.bosun.workflows.testing.TestClusters;
import dev.bosun.workflows.upgrade.RollingUpgradeWorkflow;
import dev.bosun.workflows.upgrade.UpgradeRequest;
import io.temporal.client.WorkflowClient;
import io.temporal.testing.TestWorkflowEnvironment;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** Runs the happy paths and returns their histories as JSON, by file name under histories/. */
final class HistoryRecorder {

  static final KubeVersion TARGET = KubeVersion.parse("v1.31.2");
  static final Path DIR = Path.of("src/test/resources/histories");

  private HistoryRecorder() {}

  static Map<String, String> record() {
    Map<String, String> out = new LinkedHashMap<>();
    FakeCluster cluster = new FakeCluster("v1.30.6", 3, 2);
    try (TestWorkflowEnvironment env = TestClusters.start(cluster)) {
      WorkflowClient client = env.getWorkflowClient();
      RollingUpgradeWorkflow wf = client.newWorkflowStub(
          RollingUpgradeWorkflow.class, TestClusters.options(WorkflowIds.mutation("lab1")));
      wf.upgrade(UpgradeRequest.fresh(
          TestClusters.inventory(cluster),
          TARGET,
          TestClusters.spec("2", OnNodeFailure.WAIT_FOR_OPERATOR, ApprovalGate.NONE, 0)));
      out.put(
          "rolling-upgrade.json",
          client.fetchHistory(WorkflowIds.mutation("lab1")).toJson(true));
      out.put(
          "node-upgrade-cp-1.json",
          client
              .fetchHistory(WorkflowIds.nodeUpgrade("lab1", TARGET, "cp-1", 1))
              .toJson(true));
      out.put(
          "node-upgrade-w-1.json",
          client.fetchHistory(WorkflowIds.nodeUpgrade("lab1", TARGET, "w-1", 1)).toJson(true));
    }
    FakeCluster drainCluster = new FakeCluster("v1.30.6", 1, 1);
    drainCluster.node("w-1").pdbBlockedRounds = 1;
    try (TestWorkflowEnvironment env = TestClusters.start(drainCluster)) {
      WorkflowClient client = env.getWorkflowClient();
      NodeDrainWorkflow drain = client.newWorkflowStub(
          NodeDrainWorkflow.class, TestClusters.options(WorkflowIds.mutation("lab1")));
      drain.drain(new DrainRequest(
          ClusterTarget.of(TestClusters.inventory(drainCluster)), "w-1", DrainOptions.defaults()));
      out.put(
          "node-drain.json", client.fetchHistory(WorkflowIds.mutation("lab1")).toJson(true));
    }
    return out;
  }

  /** Regenerates the committed histories (after an intended, versioned change): run this main from the module directory. */
  public static void main(String[] args) throws IOException {
    Files.createDirectories(DIR);
    for (Map.Entry<String, String> e : record().entrySet()) {
      Files.writeString(DIR.resolve(e.getKey()), e.getValue());
    }
  }
}
