package dev.bosun.workflows.replay;

import static org.junit.jupiter.api.Assertions.assertFalse;
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
import dev.bosun.workflows.drill.TestServerClusterLock;
import dev.bosun.workflows.testing.TestClusters;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowNotFoundException;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.Worker;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Scheduled drills (their IDs carry the fire time) replay against today's code: the committed histories recorded
 * before a scheduled drill checked the cluster's lock and before a drill kept its hands off another drill's scratch
 * cluster (the second drill of that recording still destroyed the first's: no marker, so it replays as it ran), and a
 * fresh recording of both guards (markers scheduled-run-checks-cluster-lock, drill-tears-down-only-its-own-scratch).
 */
@Timeout(120)
class DrillOverlapReplayTest {

  static final String FIRST = WorkflowIds.mutation("lab1") + "-2026-12-06T03:00:00Z";
  static final String SECOND = WorkflowIds.mutation("lab1") + "-2026-12-06T05:00:00Z";

  @ParameterizedTest(name = "{0} replays")
  @ValueSource(
      strings = {"drill-scheduled-before-lock.json", "drill-overlap-before-own-scratch-rule.json"})
  void testHistoriesRecordedBeforeTheGuardsReplay(String file) throws Exception {
    Replay.resource("histories/drill/" + file, RestoreDrillWorkflowImpl.class);
  }

  @Test
  void testAFreshOverlapReplaysAndLeavesTheOtherScratchClusterAlone() throws Exception {
    FakeBackupActivities backup = new FakeBackupActivities();
    String name = "bosun-lab1-20261201030000";
    backup.offHost.put(name, new OffHostEntry(name, BackupPlan.takenAt(name), true, null));
    ScratchChildren children = new ScratchChildren();
    children.initRunsUntilCancelled = true;
    String history;
    try (TestWorkflowEnvironment env = TestClusters.newEnvironment()) {
      Worker worker = env.newWorker(TaskQueues.DEFAULT);
      worker.registerWorkflowImplementationTypes(RestoreDrillWorkflowImpl.class);
      children.register(worker);
      worker.registerActivitiesImplementations(
          backup, new FakeDrillActivities(), new TestServerClusterLock());
      env.start();
      WorkflowClient client = env.getWorkflowClient();
      WorkflowClient.start(drill(client, FIRST)::drill, request());
      awaitRunning(client, WorkflowIds.mutation("lab1-drill"));
      WorkflowClient.start(drill(client, SECOND)::drill, request());
      // polled, not awaited: awaiting a result lets the test server skip time under the first drill
      while (client.newUntypedWorkflowStub(SECOND).describe().getStatus()
          == WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING) {
        Thread.sleep(50);
      }
      history = client.fetchHistory(SECOND).toJson(true);
    }
    Replay.json(history, RestoreDrillWorkflowImpl.class);
    String payloads = Replay.payloads(history);
    assertTrue(payloads.contains("scheduled-run-checks-cluster-lock"), "the lock was checked");
    assertTrue(history.contains("ScratchClusterBusy"), "refused at the scratch cluster");
    assertFalse(history.contains("DestroyCluster"), "no teardown of the first drill's cluster");
  }

  private static RestoreDrillWorkflow drill(WorkflowClient client, String id) {
    return client.newWorkflowStub(RestoreDrillWorkflow.class, TestClusters.options(id));
  }

  private static DrillRequest request() {
    return new DrillRequest(RestoreDrillWorkflowTest.inventory());
  }

  private static void awaitRunning(WorkflowClient client, String id) throws InterruptedException {
    long deadline = System.currentTimeMillis() + 60_000;
    while (System.currentTimeMillis() < deadline) {
      try {
        if (client.newUntypedWorkflowStub(id).describe().getStatus()
            == WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING) {
          return;
        }
      } catch (WorkflowNotFoundException notYet) {
        // the first drill has not reached its build yet
      }
      Thread.sleep(50);
    }
    throw new AssertionError(id + " never ran");
  }
}
