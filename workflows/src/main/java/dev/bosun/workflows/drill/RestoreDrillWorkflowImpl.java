package dev.bosun.workflows.drill;

import static dev.bosun.workflows.ActivityStubs.backupActivities;
import static dev.bosun.workflows.ActivityStubs.drillActivities;

import dev.bosun.workflows.WorkflowFailures;
import dev.bosun.workflows.activities.OffHostCopy;
import dev.bosun.workflows.activities.OffHostEntry;
import dev.bosun.workflows.activities.VeleroStatus;
import dev.bosun.workflows.backup.BackupOptions;
import dev.bosun.workflows.backup.VeleroPhase;
import dev.bosun.workflows.model.ClusterTarget;
import dev.bosun.workflows.model.HostTarget;
import dev.bosun.workflows.saga.SagaSteps;
import io.temporal.failure.ApplicationFailure;
import io.temporal.workflow.CancellationScope;
import io.temporal.workflow.Saga;
import io.temporal.workflow.Workflow;
import java.util.List;
import java.util.Map;

/**
 * The restore drill (see {@link RestoreDrillWorkflow}), read as the runbook in {@link #drill}. The scratch
 * cluster's teardown is the saga's compensation, registered before the child ClusterInit starts, and run in a
 * detached scope on every ending: passed, failed, cancelled, aborted; after a worker crash the replay registers it
 * again, so it still runs. The checks live in {@link DrillChecks}, the rules in pure classes.
 */
public class RestoreDrillWorkflowImpl implements RestoreDrillWorkflow {

  private final DrillLedger ledger = new DrillLedger();
  private final Saga saga =
      new Saga(new Saga.Options.Builder().setContinueWithError(true).build());
  private final SagaSteps<DrillStep> steps = new SagaSteps<>("drill", ledger, this::undo);
  private DrillRequest request;
  private DrillPlan plan;
  private long startedAt;
  private OffHostEntry picked;
  private ScratchCluster scratch;
  private ClusterTarget scratchApi;
  private String restoreName;
  private Map<String, String> objectsBefore;
  private Map<String, List<String>> backupList;
  private CancellationScope runbook;
  private boolean undone;

  @Override
  public DrillReport drill(DrillRequest request) {
    startedAt = Workflow.currentTimeMillis();
    ledger.begin(request.inventory().cluster(), startedAt, DrillResult.RUNNING);
    runbook = Workflow.newCancellationScope(() -> {
      steps.run(DrillStep.VALIDATE, () -> begin(request));
      steps.run(DrillStep.PICK, this::pickBackup);
      steps.run(DrillStep.VERIFY_COPY, this::verifyCopyBeforeAnyCluster);
      steps.run(DrillStep.SCRATCH_CLUSTER, this::buildScratchCluster);
      steps.run(DrillStep.SCRATCH_BUCKET, this::restoreCopyIntoScratchBucket);
      steps.run(DrillStep.VELERO_INSTALL, this::installReadOnlyVelero);
      steps.run(DrillStep.BACKUP_SYNC, this::awaitBackupSync);
      steps.run(DrillStep.RESTORE, this::restore);
      steps.run(DrillStep.OBJECTS_UNCHANGED, this::proveBackupObjectsUnchanged);
      steps.run(DrillStep.CHECKS, this::checkAndMeasure);
    });
    runbook.run();
    steps.run(DrillStep.TEARDOWN, this::tearDown);
    return ledger.passed("every check passed; RPO "
        + DrillText.age(ledger.figures.rpoMillis().values().stream().findFirst().orElse(0L))
        + ", RTO " + DrillText.age(ledger.figures.maxRtoMillis()));
  }

  @Override
  public DrillProgress progress() {
    return ledger.progress();
  }

  @Override
  public DrillReport report() {
    return ledger.report();
  }

  @Override
  public String abort(String reason) {
    steps.abort(reason);
    runbook.cancel(reason);
    return "aborting the drill: the scratch cluster is torn down";
  }

  @Override
  public void validateAbort(String reason) {
    if (reason == null || reason.isBlank()) {
      throw new IllegalArgumentException("abort needs a reason (--reason)");
    }
    if (runbook == null || ledger.report() != null || undone) {
      throw new IllegalStateException(
          "the drill is not running its runbook (ended or tearing down)");
    }
  }

  // ---- the runbook's steps ----

  /** The plan from the inventory; any problem fails here, before a side effect. */
  private void begin(DrillRequest request) {
    this.request = request;
    try {
      plan = DrillPlan.of(request.inventory(), request, startedAt);
    } catch (IllegalArgumentException e) {
      throw ApplicationFailure.newNonRetryableFailure(e.getMessage(), "InvalidInput");
    }
  }

  /** A verified copy: the named one, a random one within the window, or the latest. */
  private void pickBackup() {
    List<OffHostEntry> entries = backupActivities(BackupOptions.QUICK, "list the off-host copies")
        .listOffHost(plan.offHost());
    try {
      picked = DrillPick.choose(
          entries, request.backupName(), request.randomWithin(), startedAt, Workflow.newRandom());
    } catch (IllegalArgumentException e) {
      throw ApplicationFailure.newNonRetryableFailure(e.getMessage(), "NoBackupToDrill");
    }
    ledger.named(picked.backupName());
    restoreName = picked.backupName() + "-drill";
  }

  /** The copy against its own checksums: a corrupt copy fails here, before anything is spent on a cluster. */
  private void verifyCopyBeforeAnyCluster() {
    ledger.detail("verifying the off-host copy of " + picked.backupName());
    ledger.copy = drillActivities(
            BackupOptions.COPY, "verify the off-host copy of " + picked.backupName())
        .verifyCopy(plan.offHost(), picked);
  }

  /** The teardown first (a compensation), then the child ClusterInit. */
  private void buildScratchCluster() {
    scratch = new ScratchCluster(plan.scratch());
    saga.addCompensation(() -> ledger.teardown = scratch.tearDown());
    ledger.teardown = "built (or being built); not torn down yet";
    ledger.detail("building the scratch cluster " + scratch.name() + " (child ClusterInit)");
    scratchApi = scratch.build();
  }

  /** Velero reads its own layout: the copy's objects go to {@code backups/<name>/} of the scratch bucket. */
  private void restoreCopyIntoScratchBucket() {
    ledger.detail("restoring the copy into " + plan.bucket().remote());
    objectsBefore = drillActivities(
            BackupOptions.COPY, "restore the copy into " + plan.bucket().remote())
        .restoreIntoScratchBucket(plan.offHost(), picked, plan.bucket());
    List<String> diff = ObjectChecksums.differences(
        ObjectChecksums.ofCopy(ledger.copy), onlyListed(objectsBefore, ledger.copy));
    if (!diff.isEmpty()) {
      throw ApplicationFailure.newNonRetryableFailure(
          "the scratch bucket differs from the verified copy: " + String.join("; ", diff),
          "ChecksumMismatch");
    }
  }

  private void installReadOnlyVelero() {
    HostTarget first = HostTarget.of(plan.scratch(), plan.scratch().firstControlPlane());
    ledger.detail("velero install on " + first.node() + ", location ReadOnly");
    drillActivities(
            BackupOptions.COPY, "velero install on " + first.node() + " (ReadOnly location)")
        .installVelero(first, scratchApi, plan.velero());
  }

  /** Velero syncs a new location's backups about once a minute: waited for, bounded. */
  private void awaitBackupSync() {
    ledger.detail("waiting for Velero to sync " + picked.backupName() + " (up to a minute)");
    ledger.backup = drillActivities(
            BackupOptions.awaiting(plan.syncTimeout()),
            "wait for " + picked.backupName() + " to sync")
        .awaitBackupSynced(
            scratchApi, plan.velero().namespace(), picked.backupName(), plan.syncTimeout());
    judge(ledger.backup, plan.allowPartiallyFailed(), "VeleroBackup");
    backupList = drillActivities(
            BackupOptions.QUICK, "read the resource list of " + picked.backupName())
        .backupResourceList(plan.bucket(), picked.backupName());
  }

  /** The Restore through its CRD, judged by the same phase rule as the backup. */
  private void restore() {
    ledger.detail("creating Velero Restore " + restoreName);
    ledger.restore = drillActivities(BackupOptions.QUICK, "create Velero Restore " + restoreName)
        .createVeleroRestore(
            scratchApi, plan.velero().namespace(), restoreName, picked.backupName());
    ledger.detail("waiting for Velero Restore " + restoreName + " to end");
    ledger.restore = drillActivities(
            BackupOptions.awaiting(plan.restoreTimeout()), "wait for Velero Restore " + restoreName)
        .awaitVeleroRestore(
            scratchApi, plan.velero().namespace(), restoreName, plan.restoreTimeout());
    judge(ledger.restore, false, "VeleroRestore");
  }

  /** ReadOnly still writes restores/…: the backup's own objects must not have changed. */
  private void proveBackupObjectsUnchanged() {
    Map<String, String> after = drillActivities(
            BackupOptions.QUICK, "checksum the backup's objects again")
        .scratchObjectChecksums(plan.bucket(), picked.backupName());
    List<String> diff = ObjectChecksums.differences(objectsBefore, after);
    if (!diff.isEmpty()) {
      throw ApplicationFailure.newNonRetryableFailure(
          "the backup's objects changed during the restore: " + String.join("; ", diff),
          "ChecksumMismatch");
    }
  }

  /** Every check; then RPO and RTO per namespace. */
  private void checkAndMeasure() {
    DrillChecks checks = new DrillChecks(ledger, plan, scratchApi);
    List<String> failed = checks.run(picked.backupName(), restoreName, backupList);
    if (!failed.isEmpty()) {
      throw ApplicationFailure.newNonRetryableFailure(
          String.join("; ", failed), "DrillCheckFailed");
    }
    ledger.figures =
        DrillFigures.of(startedAt, checks.sentinel.writtenAtMillis(), checks.passedAt());
  }

  /** After a pass too: a scratch cluster left behind is a failed drill. */
  private void tearDown() {
    undo();
    if (scratch != null && !scratch.tornDown()) {
      throw ApplicationFailure.newNonRetryableFailure(ledger.teardown, "ScratchLeaked");
    }
  }

  // ---- the mechanics ----

  private static void judge(VeleroStatus s, boolean allowPartial, String type) {
    VeleroPhase.Verdict v = VeleroPhase.judge(s, allowPartial);
    if (!v.succeeded()) {
      throw ApplicationFailure.newNonRetryableFailure(v.reason(), type + v.phase());
    }
  }

  /** The scratch bucket's objects that the copy lists with an MD5 (restic's copy lists none: nothing to compare). */
  private static Map<String, String> onlyListed(Map<String, String> objects, OffHostCopy copy) {
    Map<String, String> listed = ObjectChecksums.ofCopy(copy);
    return listed.isEmpty() ? Map.of() : objects;
  }

  /** The teardown, once, in a detached scope: a cancelled or aborted drill still tears down. */
  private void undo() {
    if (!undone) {
      undone = true;
      try {
        Workflow.newDetachedCancellationScope(saga::compensate).run();
      } catch (RuntimeException e) {
        ledger.teardown = "teardown FAILED: " + WorkflowFailures.describe(e);
      }
    }
  }
}
