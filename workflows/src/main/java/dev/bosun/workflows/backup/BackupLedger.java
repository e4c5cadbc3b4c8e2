package dev.bosun.workflows.backup;

import dev.bosun.workflows.BosunSearchAttributes;
import dev.bosun.workflows.Phase;
import dev.bosun.workflows.activities.OffHostCopy;
import dev.bosun.workflows.activities.Sentinel;
import dev.bosun.workflows.activities.StagedFile;
import dev.bosun.workflows.activities.VeleroStatus;
import io.temporal.workflow.Workflow;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What an off-host backup has found so far, and what the operator sees of it: the step running, the current
 * details, the search attributes, and the final report.
 */
final class BackupLedger {

  private final Map<String, Long> stepMillis = new LinkedHashMap<>();
  private final List<String> deleted = new ArrayList<>();
  private final List<String> unverified = new ArrayList<>();
  private String cluster;
  private String backupName;
  private long startedAt;
  private BackupStep step = BackupStep.VALIDATE;
  private String detail = "validating the backup settings";
  VeleroStatus velero;
  Sentinel sentinel;
  StagedFile etcd;
  OffHostCopy copy;
  private BackupReport report;

  void begin(String cluster, long startedAt) {
    this.cluster = cluster;
    this.startedAt = startedAt;
    Workflow.upsertTypedSearchAttributes(
        BosunSearchAttributes.BACKUP_RESULT.valueSet(BackupResult.RUNNING.label()));
  }

  void named(String backupName) {
    this.backupName = backupName;
  }

  void step(BackupStep step, String detail) {
    this.step = step;
    detail(detail);
  }

  void detail(String detail) {
    this.detail = detail;
    Workflow.setCurrentDetails(
        "**" + (backupName == null ? cluster : backupName) + "** · " + step + ": " + detail);
  }

  void took(BackupStep step, long millis) {
    stepMillis.put(step.label(), millis);
  }

  void deleted(String name) {
    deleted.add(name);
  }

  void unverified(String name) {
    unverified.add(name);
  }

  BackupProgress progress() {
    return new BackupProgress(backupName, step, detail, Map.copyOf(stepMillis));
  }

  BackupReport report() {
    return report;
  }

  BackupReport succeeded(String summary) {
    return end(BackupResult.SUCCEEDED, null, summary, Phase.COMPLETED);
  }

  BackupReport failed(BackupStep failedStep, String reason) {
    return end(BackupResult.FAILED, failedStep, reason, Phase.FAILED);
  }

  private BackupReport end(BackupResult result, BackupStep failedStep, String reason, Phase phase) {
    report = new BackupReport(
        cluster,
        backupName,
        result,
        failedStep,
        reason,
        velero,
        sentinel,
        etcd,
        copy,
        deleted,
        unverified,
        stepMillis,
        Workflow.currentTimeMillis() - startedAt);
    Workflow.upsertTypedSearchAttributes(
        BosunSearchAttributes.BACKUP_RESULT.valueSet(result.label()),
        BosunSearchAttributes.PHASE.valueSet(phase.label()));
    Workflow.setCurrentDetails(BackupText.report(report));
    return report;
  }
}
