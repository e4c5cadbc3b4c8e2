package dev.bosun.workflows.backup;

import static dev.bosun.workflows.ActivityStubs.backupActivities;
import static dev.bosun.workflows.ActivityStubs.node;

import dev.bosun.workflows.BosunActivityOptions;
import dev.bosun.workflows.ClusterLock;
import dev.bosun.workflows.activities.EtcdSnapshot;
import dev.bosun.workflows.activities.OffHostEntry;
import dev.bosun.workflows.activities.StagedFile;
import dev.bosun.workflows.model.ClusterTarget;
import dev.bosun.workflows.model.HostTarget;
import dev.bosun.workflows.model.Inventory;
import dev.bosun.workflows.model.NodeSpec;
import dev.bosun.workflows.saga.SagaSteps;
import io.temporal.failure.ApplicationFailure;
import io.temporal.workflow.Saga;
import io.temporal.workflow.Workflow;
import java.util.ArrayList;
import java.util.List;

/**
 * The off-host backup (see {@link OffHostBackupWorkflow}), read as the runbook in {@link #backup}. A step that
 * fails ends the run with a report naming it; the only undo is removing this run's own unverified copy from the
 * off-host target, registered before the copy starts. Older copies are deleted only after the new one verified.
 */
public class OffHostBackupWorkflowImpl implements OffHostBackupWorkflow {

  /** Version 1: the staging folder is removed once the copy verified. */
  static final String CLEAN_STAGING = "backup-clean-staging";
  /** Version 1: a cancelled copy is waited for (its tool killed) before its unverified copy is removed. */
  static final String COPY_STOPS_BEFORE_UNDO = "backup-copy-stops-before-undo";

  private final BackupLedger ledger = new BackupLedger();
  private final Saga saga =
      new Saga(new Saga.Options.Builder().setContinueWithError(true).build());
  private final SagaSteps<BackupStep> steps = new SagaSteps<>(
      "backup",
      ledger,
      () -> Workflow.newDetachedCancellationScope(saga::compensate).run());
  private Inventory inventory;
  private BackupPlan plan;
  private ClusterTarget cluster;
  private final List<StagedFile> staged = new ArrayList<>();

  @Override
  public BackupReport backup(BackupRequest request) {
    long startedAt = Workflow.currentTimeMillis();
    ledger.begin(request.inventory().cluster(), startedAt, BackupResult.RUNNING);
    steps.run(BackupStep.VALIDATE, () -> begin(request, startedAt));
    steps.run(BackupStep.SENTINEL, this::writeSentinel);
    if (plan.etcdSnapshot()) {
      steps.run(BackupStep.ETCD_SNAPSHOT, this::snapshotEtcdOffTheNode);
    }
    steps.run(BackupStep.VELERO_BACKUP, this::veleroBackup);
    steps.run(BackupStep.OFF_HOST_COPY, this::copyOffHost);
    steps.run(BackupStep.VERIFY, this::verifyCopy);
    if (Workflow.getVersion(CLEAN_STAGING, Workflow.DEFAULT_VERSION, 1) >= 1) {
      steps.run(BackupStep.CLEAN_STAGING, this::removeStaging);
    }
    steps.run(BackupStep.RETENTION, this::applyRetention);
    return ledger.succeeded(VeleroPhase.judge(ledger.velero, plan.allowPartiallyFailed())
            .reason() + "; copied off-host and verified");
  }

  @Override
  public BackupProgress progress() {
    return ledger.progress();
  }

  @Override
  public BackupReport report() {
    return ledger.report();
  }

  // ---- the runbook's steps ----

  /** The plan from the inventory and the workflow's clock; any problem fails here, before a side effect. */
  private void begin(BackupRequest request, long startedAt) {
    inventory = request.inventory();
    try {
      plan = BackupPlan.of(inventory, startedAt);
    } catch (IllegalArgumentException e) {
      throw ApplicationFailure.newNonRetryableFailure(e.getMessage(), "InvalidInput");
    }
    cluster = ClusterTarget.of(inventory);
    ledger.named(plan.backupName());
    ClusterLock.refuseIfAnotherOperationRuns(
        inventory.cluster()); // a scheduled run: not during an upgrade
  }

  /** A fresh sentinel (UUID, time, payload checksum) that this backup will carry. */
  private void writeSentinel() {
    ledger.detail("writing the sentinel into namespace bosun-sentinel");
    ledger.sentinel = backupActivities(BackupOptions.QUICK, "write the backup sentinel")
        .writeSentinel(cluster, Workflow.randomUUID().toString(), Workflow.currentTimeMillis());
  }

  /** The upgrade's etcd snapshot activity on the first control plane, then the file fetched and checksummed. */
  private void snapshotEtcdOffTheNode() {
    NodeSpec first = inventory.firstControlPlane();
    HostTarget host = HostTarget.of(inventory, first);
    String path = "/var/backups/" + plan.backupName() + "-etcd.db";
    ledger.detail("etcd snapshot on " + first.name() + ": " + path);
    EtcdSnapshot snapshot = node(BosunActivityOptions.HOST_STEP, "etcd snapshot on " + first.name())
        .etcdSnapshot(host, path);
    ledger.detail("copying " + path + " (" + snapshot.totalSize() + " bytes) off " + first.name());
    StagedFile file = backupActivities(
            BackupOptions.FETCH, "fetch " + path + " off " + first.name())
        .fetchFromNode(host, path, plan.offHost().stagingDir(), plan.backupName());
    ledger.etcd = file;
    staged.add(file);
  }

  /** The Backup resource, then its phase: only the phase rule decides (never an exit code). */
  private void veleroBackup() {
    ledger.detail("creating Velero Backup " + plan.backupName());
    ledger.velero = backupActivities(
            BackupOptions.QUICK, "create Velero Backup " + plan.backupName())
        .createVeleroBackup(cluster, plan.velero());
    ledger.detail("waiting for Velero Backup " + plan.backupName() + " to end");
    ledger.velero = backupActivities(
            BackupOptions.awaiting(plan.veleroTimeout()),
            "wait for Velero Backup " + plan.backupName())
        .awaitVeleroBackup(
            cluster, plan.velero().veleroNamespace(), plan.backupName(), plan.veleroTimeout());
    VeleroPhase.Verdict verdict = VeleroPhase.judge(ledger.velero, plan.allowPartiallyFailed());
    if (!verdict.succeeded()) {
      throw ApplicationFailure.newNonRetryableFailure(
          verdict.reason(), "VeleroBackup" + verdict.phase());
    }
  }

  /** The copy; its undo (delete this run's copy unless it verified) registered before it starts. */
  private void copyOffHost() {
    saga.addCompensation(this::removeUnverifiedCopy);
    ledger.detail(
        "copying to " + plan.offHost().destination() + " with " + plan.offHost().tool());
    // Without waiting, the undo could purge the copy while a cancelled rclone still writes into it.
    boolean waits = Workflow.getVersion(COPY_STOPS_BEFORE_UNDO, Workflow.DEFAULT_VERSION, 1) >= 1;
    ledger.copy = backupActivities(
            waits ? BackupOptions.COPY_UNTIL_STOPPED : BackupOptions.COPY,
            plan.offHost().tool() + " copy to " + plan.offHost().destination())
        .copyOffHost(plan.offHost(), plan.backupName(), staged);
  }

  private void verifyCopy() {
    ledger.detail("verifying the copy ("
        + ("restic".equals(plan.offHost().tool()) ? "restic check" : "rclone check") + ")");
    ledger.copy = backupActivities(
            BackupOptions.COPY, "verify the off-host copy of " + plan.backupName())
        .verifyOffHost(plan.offHost(), plan.backupName(), staged);
  }

  /**
   * The staged snapshot (GBs on a large cluster) is removed only now: verify compares the staging folder with the
   * copy, and it is never run again once its completion is in the history, so nothing reads the folder after this.
   * Only this run's folder ({@code stagingDir/backupName}); a copy that failed keeps its folder for a look.
   */
  private void removeStaging() {
    ledger.detail(
        "removing the staging folder " + plan.offHost().stagingDir() + "/" + plan.backupName());
    backupActivities(BackupOptions.QUICK, "remove the staging folder of " + plan.backupName())
        .removeStaging(plan.offHost(), plan.backupName());
  }

  /** Only now, with the new copy verified: the oldest beyond keepLast/keepDays go, never the last verified. */
  private void applyRetention() {
    ledger.detail("retention: keepLast " + plan.keepLast() + ", keepDays " + plan.keepDays());
    List<OffHostEntry> entries = backupActivities(BackupOptions.QUICK, "list the off-host copies")
        .listOffHost(plan.offHost());
    entries.stream()
        .filter(e -> !e.verified() && !e.backupName().equals(plan.backupName()))
        .forEach(e -> ledger.unverified(e.backupName()));
    for (OffHostEntry old : Retention.toDelete(
        entries,
        plan.backupName(),
        plan.keepLast(),
        plan.keepDays(),
        Workflow.currentTimeMillis())) {
      backupActivities(BackupOptions.QUICK, "retention: delete " + old.backupName())
          .deleteOffHost(plan.offHost(), old);
      ledger.deleted(old.backupName());
    }
  }

  private void removeUnverifiedCopy() {
    if (ledger.copy == null || !ledger.copy.verified()) {
      backupActivities(BackupOptions.QUICK, "remove the unverified copy " + plan.backupName())
          .deleteOffHost(
              plan.offHost(),
              new OffHostEntry(
                  plan.backupName(),
                  0,
                  false,
                  ledger.copy == null ? null : ledger.copy.snapshotId()));
    }
  }
}
