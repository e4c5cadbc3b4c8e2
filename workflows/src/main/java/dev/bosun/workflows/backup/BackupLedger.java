package dev.bosun.workflows.backup;

import dev.bosun.workflows.BosunSearchAttributes;
import dev.bosun.workflows.activities.OffHostCopy;
import dev.bosun.workflows.activities.Sentinel;
import dev.bosun.workflows.activities.StagedFile;
import dev.bosun.workflows.activities.VeleroStatus;
import dev.bosun.workflows.saga.StepLedger;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What an off-host backup has found so far (Velero's status, the sentinel, the etcd snapshot, the copy, what
 * retention deleted and left) and its report; the steps, details and {@code BosunBackupResult} are the
 * {@link StepLedger}'s.
 */
final class BackupLedger extends StepLedger<BackupStep, BackupResult, BackupReport> {

  private final List<String> deleted = new ArrayList<>();
  private final List<String> unverified = new ArrayList<>();
  VeleroStatus velero;
  Sentinel sentinel;
  StagedFile etcd;
  OffHostCopy copy;

  BackupLedger() {
    super(
        BosunSearchAttributes.BACKUP_RESULT,
        "",
        BackupStep.VALIDATE,
        "validating the backup settings");
  }

  void deleted(String name) {
    deleted.add(name);
  }

  void unverified(String name) {
    unverified.add(name);
  }

  BackupProgress progress() {
    return new BackupProgress(subject(), step(), detail(), Map.copyOf(stepMillis()));
  }

  BackupReport succeeded(String summary) {
    return end(BackupResult.SUCCEEDED, null, summary);
  }

  @Override
  public BackupReport failed(BackupStep failedStep, String reason) {
    return end(BackupResult.FAILED, failedStep, reason);
  }

  @Override
  protected BackupReport build(BackupResult result, BackupStep failedStep, String reason) {
    return new BackupReport(
        cluster(),
        subject(),
        result,
        failedStep,
        reason,
        velero,
        sentinel,
        etcd,
        copy,
        deleted,
        unverified,
        stepMillis(),
        elapsed());
  }

  @Override
  protected String text(BackupReport report) {
    return BackupText.report(report);
  }
}
