package dev.bosun.workflows.replay;

import dev.bosun.workflows.TaskQueues;
import dev.bosun.workflows.WorkflowIds;
import dev.bosun.workflows.activities.OffHostEntry;
import dev.bosun.workflows.backup.BackupPlan;
import dev.bosun.workflows.backup.FakeBackupActivities;
import dev.bosun.workflows.drill.DrillRequest;
import dev.bosun.workflows.drill.FakeDrillActivities;
import dev.bosun.workflows.drill.RestoreDrillWorkflow;
import dev.bosun.workflows.drill.RestoreDrillWorkflowImpl;
import dev.bosun.workflows.drill.RestoreDrillWorkflowTest;
import dev.bosun.workflows.drill.ScratchChildren;
import dev.bosun.workflows.testing.TestClusters;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.Worker;
import java.util.List;
import org.junit.jupiter.api.Timeout;

/**
 * RestoreDrill's recorded scenarios (histories/drill/): a drill that passed (scratch cluster built and torn down as
 * children) and one whose copy was corrupt (failed before any cluster).
 */
@Timeout(120)
class DrillReplayTest extends RecordedScenarios {

  DrillReplayTest() {
    super("drill", RestoreDrillWorkflowImpl.class);
  }

  @Override
  List<Scenario> scenarios() {
    return List.of(
        new Scenario("drill-passed.json", false, "DestroyCluster"),
        new Scenario("drill-corrupt-copy.json", true, "OffHostVerifyFailed"));
  }

  @Override
  String record(boolean corrupt) {
    FakeBackupActivities backup = new FakeBackupActivities();
    String name = "bosun-lab1-20261201030000";
    backup.offHost.put(name, new OffHostEntry(name, BackupPlan.takenAt(name), true, null));
    FakeDrillActivities drill = new FakeDrillActivities();
    drill.corruptCopy = corrupt;
    try (TestWorkflowEnvironment env = TestClusters.newEnvironment()) {
      Worker worker = env.newWorker(TaskQueues.DEFAULT);
      worker.registerWorkflowImplementationTypes(RestoreDrillWorkflowImpl.class);
      new ScratchChildren().register(worker);
      worker.registerActivitiesImplementations(backup, drill);
      env.start();
      RestoreDrillWorkflow wf = env.getWorkflowClient()
          .newWorkflowStub(
              RestoreDrillWorkflow.class, TestClusters.options(WorkflowIds.mutation("lab1")));
      return history(
          env, corrupt, () -> wf.drill(new DrillRequest(RestoreDrillWorkflowTest.inventory())));
    }
  }
}
