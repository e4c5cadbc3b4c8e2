package dev.bosun.workflows.replay;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bosun.workflows.WorkflowIds;
import dev.bosun.workflows.activities.OffHostEntry;
import dev.bosun.workflows.backup.BackupPlan;
import dev.bosun.workflows.backup.BackupRequest;
import dev.bosun.workflows.backup.FakeBackupActivities;
import dev.bosun.workflows.backup.OffHostBackupWorkflow;
import dev.bosun.workflows.backup.OffHostBackupWorkflowImpl;
import dev.bosun.workflows.model.BackupSpec;
import dev.bosun.workflows.model.Inventory;
import dev.bosun.workflows.testing.FakeCluster;
import dev.bosun.workflows.testing.TestClusters;
import io.temporal.client.WorkflowFailedException;
import io.temporal.testing.TestWorkflowEnvironment;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Replays recorded OffHostBackup histories (histories/backup/): a backup whose retention deleted an older copy, and
 * one whose copy failed verification and was removed again. A change to the runbook that is not replay-safe fails
 * here before it breaks a running backup.
 */
@Timeout(60)
class BackupReplayTest {

  static final String SUBDIR = "backup";

  @ParameterizedTest(name = "{0} replays")
  @ValueSource(strings = {"backup-retention.json", "backup-verify-failed.json"})
  void testCommittedHistoryReplays(String file) throws Exception {
    Replay.resource("histories/" + SUBDIR + "/" + file, OffHostBackupWorkflowImpl.class);
  }

  @Test
  void testFreshRecordingReplaysAndHoldsItsScenario() throws Exception {
    Map<String, String> histories = record();
    for (String json : histories.values()) {
      Replay.json(json, OffHostBackupWorkflowImpl.class);
    }
    assertTrue(histories.get("backup-retention.json").contains("DeleteOffHost"));
    assertTrue(histories.get("backup-verify-failed.json").contains("BackupFailed"));
  }

  /** Writes fresh recordings over the committed ones: {@code -Dbosun.recordHistories=true -Dtest=BackupReplayTest}. */
  @Test
  @EnabledIfSystemProperty(named = "bosun.recordHistories", matches = "true")
  void recordHistories() throws Exception {
    Files.createDirectories(HistoryRecorder.DIR.resolve(SUBDIR));
    for (Map.Entry<String, String> e : record().entrySet()) {
      Files.writeString(HistoryRecorder.DIR.resolve(SUBDIR).resolve(e.getKey()), e.getValue());
    }
  }

  static Map<String, String> record() throws IOException {
    Map<String, String> out = new LinkedHashMap<>();
    out.put("backup-retention.json", run(false));
    out.put("backup-verify-failed.json", run(true));
    return out;
  }

  private static String run(boolean corrupt) {
    FakeCluster cluster = new FakeCluster("v1.30.6", 1, 1);
    FakeBackupActivities backup = new FakeBackupActivities();
    String old = "bosun-lab1-20200101000000";
    backup.offHost.put(old, new OffHostEntry(old, BackupPlan.takenAt(old), true, null));
    backup.corruptCopy = corrupt;
    Inventory inv = TestClusters.inventory(cluster)
        .withBackup(new BackupSpec(
            new BackupSpec.VeleroSpec(
                "velero",
                "default",
                List.of("shop"),
                List.of(),
                Map.of(),
                Duration.ofDays(30),
                false,
                null),
            new BackupSpec.OffHostSpec(
                "rclone", "s3:velero", "nas:lab1", null, 1, 0, null, "/var/tmp/bosun"),
            true));
    try (TestWorkflowEnvironment env = TestClusters.startWith(cluster, backup)) {
      OffHostBackupWorkflow wf = env.getWorkflowClient()
          .newWorkflowStub(
              OffHostBackupWorkflow.class, TestClusters.options(WorkflowIds.mutation("lab1")));
      try {
        wf.backup(new BackupRequest(inv));
      } catch (WorkflowFailedException expectedWhenCorrupt) {
        if (!corrupt) {
          throw expectedWhenCorrupt;
        }
      }
      return env.getWorkflowClient().fetchHistory(WorkflowIds.mutation("lab1")).toJson(true);
    }
  }
}
