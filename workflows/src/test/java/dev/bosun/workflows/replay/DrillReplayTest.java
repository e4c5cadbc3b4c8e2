package dev.bosun.workflows.replay;

import static org.junit.jupiter.api.Assertions.assertTrue;

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
import io.temporal.client.WorkflowFailedException;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.Worker;
import java.nio.file.Files;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Replays recorded RestoreDrill histories (histories/drill/): a drill that passed (scratch cluster built and torn
 * down as children) and one whose copy was corrupt (failed before any cluster). A change to the runbook that is not
 * replay-safe fails here before it breaks a running drill.
 */
@Timeout(120)
class DrillReplayTest {

  static final String SUBDIR = "drill";

  @ParameterizedTest(name = "{0} replays")
  @ValueSource(strings = {"drill-passed.json", "drill-corrupt-copy.json"})
  void testCommittedHistoryReplays(String file) throws Exception {
    Replay.resource("histories/" + SUBDIR + "/" + file, RestoreDrillWorkflowImpl.class);
  }

  @Test
  void testFreshRecordingReplaysAndHoldsItsScenario() throws Exception {
    Map<String, String> histories = record();
    for (String json : histories.values()) {
      Replay.json(json, RestoreDrillWorkflowImpl.class);
    }
    assertTrue(histories.get("drill-passed.json").contains("DestroyCluster"));
    assertTrue(histories.get("drill-corrupt-copy.json").contains("OffHostVerifyFailed"));
  }

  /** Writes fresh recordings over the committed ones: {@code -Dbosun.recordHistories=true -Dtest=DrillReplayTest}. */
  @Test
  @EnabledIfSystemProperty(named = "bosun.recordHistories", matches = "true")
  void recordHistories() throws Exception {
    Files.createDirectories(HistoryRecorder.DIR.resolve(SUBDIR));
    for (Map.Entry<String, String> e : record().entrySet()) {
      Files.writeString(HistoryRecorder.DIR.resolve(SUBDIR).resolve(e.getKey()), e.getValue());
    }
  }

  static Map<String, String> record() {
    Map<String, String> out = new LinkedHashMap<>();
    out.put("drill-passed.json", run(false));
    out.put("drill-corrupt-copy.json", run(true));
    return out;
  }

  private static String run(boolean corrupt) {
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
      try {
        wf.drill(new DrillRequest(RestoreDrillWorkflowTest.inventory()));
      } catch (WorkflowFailedException expectedWhenCorrupt) {
        if (!corrupt) {
          throw expectedWhenCorrupt;
        }
      }
      return env.getWorkflowClient().fetchHistory(WorkflowIds.mutation("lab1")).toJson(true);
    }
  }
}
