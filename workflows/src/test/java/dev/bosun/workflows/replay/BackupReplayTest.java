package dev.bosun.workflows.replay;

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
import io.temporal.testing.TestWorkflowEnvironment;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Timeout;

/**
 * OffHostBackup's recorded scenarios (histories/backup/): a backup whose retention deleted an older copy, and one
 * whose copy failed verification and was removed again.
 */
@Timeout(60)
class BackupReplayTest extends RecordedScenarios {

  BackupReplayTest() {
    super("backup", OffHostBackupWorkflowImpl.class);
  }

  @Override
  List<Scenario> scenarios() {
    return List.of(
        new Scenario("backup-retention.json", false, "DeleteOffHost"),
        new Scenario("backup-verify-failed.json", true, "BackupFailed"));
  }

  @Override
  String record(boolean corrupt) {
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
      return history(env, corrupt, () -> wf.backup(new BackupRequest(inv)));
    }
  }
}
