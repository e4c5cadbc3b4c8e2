package dev.bosun.workflows.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bosun.workflows.BosunSearchAttributes;
import dev.bosun.workflows.WorkflowIds;
import dev.bosun.workflows.activities.OffHostEntry;
import dev.bosun.workflows.model.BackupSpec;
import dev.bosun.workflows.model.Inventory;
import dev.bosun.workflows.testing.FakeCluster;
import dev.bosun.workflows.testing.SagaEndings;
import dev.bosun.workflows.testing.TestClusters;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowFailedException;
import io.temporal.client.WorkflowStub;
import io.temporal.failure.CanceledFailure;
import io.temporal.testing.TestWorkflowEnvironment;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The backup saga on the Temporal test server, its activities in memory. */
class OffHostBackupWorkflowTest {

  private FakeCluster cluster;
  private FakeBackupActivities backup;
  private TestWorkflowEnvironment env;

  @BeforeEach
  void start() {
    cluster = new FakeCluster("v1.30.6", 1, 2);
    backup = new FakeBackupActivities();
    env = TestClusters.startWith(cluster, backup);
  }

  @AfterEach
  void stop() {
    backup.released.countDown();
    env.close();
  }

  @Test
  void testTheRunbookInOrderAndTheReport() {
    BackupReport r = run(inventory(false, 0, 0)).backup(new BackupRequest(inventory(false, 0, 0)));

    assertThat(r.result()).isEqualTo(BackupResult.SUCCEEDED);
    assertThat(r.backupName()).startsWith("bosun-lab1-");
    assertThat(backup.calls)
        .containsExactly(
            "writeSentinel",
            "fetchFromNode:cp-1:/var/backups/" + r.backupName() + "-etcd.db",
            "createVeleroBackup:" + r.backupName(),
            "awaitVeleroBackup:" + r.backupName(),
            "copyOffHost:" + r.backupName() + ":1",
            "verifyOffHost:" + r.backupName(),
            "removeStaging:" + r.backupName(),
            "listOffHost");
    assertThat(cluster.calls).contains("etcdSnapshot:cp-1");
    assertThat(r.stepMillis().keySet())
        .containsExactly(
            "validate",
            "sentinel",
            "etcd-snapshot",
            "velero-backup",
            "off-host-copy",
            "verify",
            "clean-staging",
            "retention");
    assertThat(r.copy().verified()).isTrue();
    assertThat(r.etcd().sha256()).hasSize(64);
    assertThat(r.sentinel().uuid()).hasSize(36);
    assertThat(r.velero().phase()).isEqualTo("Completed");
    assertThat(BackupText.report(r)).contains("SUCCEEDED".toLowerCase()).contains("verified");
    assertThat(searchAttribute()).isEqualTo("succeeded");
  }

  @ParameterizedTest(name = "{0} allowPartiallyFailed={1} -> {2}")
  @CsvSource({
    "Completed, false, succeeded",
    "PartiallyFailed, false, failed",
    "PartiallyFailed, true, succeeded",
    "Failed, true, failed",
    "FailedValidation, true, failed"
  })
  void testThePhaseRuleDecides(String phase, boolean allow, String result) {
    backup.phase = phase;
    Inventory inv = inventory(allow, 0, 0);
    if (result.equals("succeeded")) {
      assertThat(run(inv).backup(new BackupRequest(inv)).result())
          .isEqualTo(BackupResult.SUCCEEDED);
    } else {
      BackupReport r = failedReport(inv);
      assertThat(r.failedStep()).isEqualTo(BackupStep.VELERO_BACKUP);
      assertThat(r.reason()).contains(phase).contains("VeleroBackup" + phase);
      assertThat(backup.calls).noneMatch(c -> c.startsWith("copyOffHost"));
    }
    assertThat(searchAttribute()).isEqualTo(result);
  }

  @Test
  void testACompletedBackupWithAFailedVolumeSnapshotFailsAndNothingIsCopied() {
    backup.volumeSnapshotsFailed = 1;

    BackupReport r = failedReport(inventory(true, 0, 0)); // even with PartiallyFailed allowed

    assertThat(r.failedStep()).isEqualTo(BackupStep.VELERO_BACKUP);
    assertThat(r.reason()).contains("only 1 of 2 volume snapshots completed");
    assertThat(backup.calls).noneMatch(c -> c.startsWith("copyOffHost"));
    assertThat(searchAttribute()).isEqualTo("failed");
  }

  @ParameterizedTest(name = "a failure at {0} is reported as step {1}")
  @CsvSource({
    "writeSentinel, sentinel",
    "fetchFromNode, etcd-snapshot",
    "createVeleroBackup, velero-backup",
    "copyOffHost, off-host-copy",
    "verifyOffHost, verify",
    "removeStaging, clean-staging",
    "listOffHost, retention"
  })
  void testAFailedStepIsNamed(String activity, String step) {
    backup.failAt = activity;
    Inventory inv = inventory(false, 1, 0);

    BackupReport r = failedReport(inv);

    assertThat(r.failedStep().label()).isEqualTo(step);
    assertThat(r.reason()).contains(activity + " failed (injected)");
    assertThat(BackupText.report(r)).contains("at step " + step);
  }

  @Test
  void testACorruptCopyFailsVerifyAndIsRemovedAndNothingOlderIsDeleted() {
    OffHostEntry old = new OffHostEntry(
        "bosun-lab1-20200101000000", BackupPlan.takenAt("bosun-lab1-20200101000000"), true, null);
    backup.offHost.put(old.backupName(), old);
    backup.corruptCopy = true;
    Inventory inv = inventory(false, 1, 0);

    BackupReport r = failedReport(inv);

    assertThat(r.failedStep()).isEqualTo(BackupStep.VERIFY);
    assertThat(r.reason()).contains("sizes differ").contains("OffHostVerifyFailed");
    assertThat(backup.offHost).containsOnlyKeys(old.backupName());
    assertThat(backup.calls).contains("deleteOffHost:" + r.backupName());
    assertThat(backup.calls).doesNotContain("deleteOffHost:" + old.backupName());
  }

  @Test
  void testAFailedCopyKeepsItsStagingFolderAndRemovesItsCopy() {
    backup.failAt = "copyOffHost";

    BackupReport r = failedReport(inventory(false, 1, 0));

    assertThat(r.failedStep()).isEqualTo(BackupStep.OFF_HOST_COPY);
    assertThat(backup.calls).noneMatch(c -> c.startsWith("removeStaging"));
    assertThat(backup.calls).contains("deleteOffHost:" + r.backupName());
  }

  @Test
  void testCancelledMidCopyTheCopyStopsBeforeItsUnverifiedCopyIsRemoved() throws Exception {
    backup.copyUntilCancelled = true;
    Inventory inv = inventory(false, 1, 0);
    OffHostBackupWorkflow wf = run(inv);
    WorkflowClient.start(wf::backup, new BackupRequest(inv));
    assertThat(backup.copyStarted.await(30, TimeUnit.SECONDS)).isTrue();

    WorkflowStub stub =
        env.getWorkflowClient().newUntypedWorkflowStub(WorkflowIds.mutation("lab1"));
    stub.cancel();

    assertThatThrownBy(() -> stub.getResult(BackupReport.class))
        .isInstanceOf(WorkflowFailedException.class)
        .hasCauseInstanceOf(CanceledFailure.class);
    BackupReport r = wf.report();
    assertThat(r.result()).isEqualTo(BackupResult.FAILED);
    assertThat(r.failedStep()).isEqualTo(BackupStep.OFF_HOST_COPY);
    assertThat(r.reason()).isEqualTo("cancelled during off-host-copy");
    // the copy's last write came before the undo, so the undo left nothing behind
    assertThat(backup.calls.indexOf("copyStopped:" + r.backupName()))
        .isLessThan(backup.calls.indexOf("deleteOffHost:" + r.backupName()));
    assertThat(backup.offHost).isEmpty();
    assertThat(backup.calls)
        .noneMatch(c -> c.startsWith("verifyOffHost") || c.startsWith("removeStaging"));
    assertThat(searchAttribute()).isEqualTo("failed");
  }

  @Test
  void testAWorkerKilledMidCopyTimesOutOnItsHeartbeatAndTheRetriedCopyCompletes() {
    backup.stallCopies.set(1);
    Inventory inv = inventory(false, 1, 0);

    BackupReport r = run(inv).backup(new BackupRequest(inv));

    assertThat(r.result()).isEqualTo(BackupResult.SUCCEEDED);
    // the first attempt never ended; the server's heartbeat timeout let a second one run the same
    // copy
    assertThat(backup.calls)
        .filteredOn(c -> c.startsWith("copyOffHost"))
        .containsExactly(
            "copyOffHost:" + r.backupName() + ":1", "copyOffHost:" + r.backupName() + ":1");
    assertThat(backup.offHost).containsOnlyKeys(r.backupName());
    assertThat(backup.offHost.get(r.backupName()).verified()).isTrue();
    assertThat(backup.calls).containsOnlyOnce("removeStaging:" + r.backupName());
  }

  @Test
  void testRetentionDeletesTheOldestOnlyAfterTheNewCopyVerified() {
    for (String name : List.of(
        "bosun-lab1-20200101000000", "bosun-lab1-20200102000000", "bosun-lab1-20200103000000")) {
      backup.offHost.put(name, new OffHostEntry(name, BackupPlan.takenAt(name), true, null));
    }
    backup.offHost.put(
        "bosun-lab1-20200104000000",
        new OffHostEntry(
            "bosun-lab1-20200104000000",
            BackupPlan.takenAt("bosun-lab1-20200104000000"),
            false,
            null));
    Inventory inv = inventory(false, 2, 0);

    BackupReport r = run(inv).backup(new BackupRequest(inv));

    assertThat(r.deleted())
        .containsExactlyInAnyOrder("bosun-lab1-20200101000000", "bosun-lab1-20200102000000");
    assertThat(r.unverified()).containsExactly("bosun-lab1-20200104000000");
    assertThat(backup.offHost)
        .containsOnlyKeys("bosun-lab1-20200103000000", "bosun-lab1-20200104000000", r.backupName());
    int verified = backup.calls.indexOf("verifyOffHost:" + r.backupName());
    assertThat(backup.calls.indexOf("deleteOffHost:bosun-lab1-20200101000000"))
        .isGreaterThan(verified);
  }

  @Test
  void testBadSettingsFailBeforeAnySideEffect() {
    Inventory good = inventory(false, 0, 0);
    BackupSpec b = good.backup();
    Inventory bad = good.withBackup(new BackupSpec(
        b.velero(),
        new BackupSpec.OffHostSpec("rsync", ":s3,secret_access_key=x:velero", "nas:lab1", null, 0),
        true));

    BackupReport r = failedReport(bad);

    assertThat(r.failedStep()).isEqualTo(BackupStep.VALIDATE);
    assertThat(r.reason())
        .contains("backup.offHost.tool is not a supported copy tool")
        .contains("backup.offHost.source has key=value parameters")
        .doesNotContain("secret_access_key=x");
    assertThat(backup.calls).isEmpty();
    assertThat(cluster.calls).isEmpty();
  }

  @Test
  void testTheEtcdSnapshotCanBeTurnedOff() {
    Inventory good = inventory(false, 0, 0);
    Inventory inv =
        good.withBackup(new BackupSpec(good.backup().velero(), good.backup().offHost(), false));

    BackupReport r = run(inv).backup(new BackupRequest(inv));

    assertThat(r.etcd()).isNull();
    assertThat(backup.calls).noneMatch(c -> c.startsWith("fetchFromNode"));
    assertThat(backup.calls).contains("copyOffHost:" + r.backupName() + ":0");
  }

  // ---- helpers ----

  private BackupReport failedReport(Inventory inv) {
    return SagaEndings.failedReport(
        () -> run(inv).backup(new BackupRequest(inv)), "BackupFailed", BackupReport.class);
  }

  private OffHostBackupWorkflow run(Inventory inv) {
    return env.getWorkflowClient()
        .newWorkflowStub(
            OffHostBackupWorkflow.class, TestClusters.options(WorkflowIds.mutation(inv.cluster())));
  }

  private String searchAttribute() {
    return SagaEndings.searchAttribute(env, BosunSearchAttributes.BACKUP_RESULT);
  }

  private Inventory inventory(boolean allowPartial, int keepLast, int keepDays) {
    Inventory base = TestClusters.inventory(cluster);
    return base.withBackup(new BackupSpec(
        new BackupSpec.VeleroSpec(
            "velero",
            "default",
            List.of("shop"),
            List.of(),
            Map.of(),
            Duration.ofDays(30),
            allowPartial,
            null),
        new BackupSpec.OffHostSpec(
            "rclone",
            "s3:velero",
            "nas:lab1",
            null,
            keepLast,
            keepDays,
            "/etc/bosun/rclone.conf",
            "/var/tmp/bosun"),
        true));
  }
}
