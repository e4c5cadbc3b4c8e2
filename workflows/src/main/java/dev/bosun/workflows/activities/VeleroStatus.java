package dev.bosun.workflows.activities;

import java.util.List;

/**
 * What a Velero Backup or Restore resource says about itself ({@code status} of the CRD, never a CLI exit code).
 * Velero omits zero counts and empty lists; they arrive here as 0 and empty.
 *
 * @param kind Backup or Restore
 * @param phase {@code status.phase} as Velero wrote it ("" while Velero has not looked at it yet)
 * @param errors {@code status.errors}: how many errors Velero counted
 * @param warnings {@code status.warnings}: how many warnings Velero counted
 * @param failureReason {@code status.failureReason} (Failed), or null
 * @param validationErrors {@code status.validationErrors} (FailedValidation)
 * @param totalItems {@code status.progress.totalItems}
 * @param itemsDone {@code status.progress.itemsBackedUp} (Backup) or {@code itemsRestored} (Restore)
 * @param volumeSnapshotsAttempted Backup: {@code status.volumeSnapshotsAttempted}
 * @param volumeSnapshotsCompleted Backup: {@code status.volumeSnapshotsCompleted}
 * @param startTimestamp {@code status.startTimestamp} (RFC 3339) or null
 * @param completionTimestamp {@code status.completionTimestamp} (RFC 3339) or null
 */
public record VeleroStatus(
    String kind,
    String name,
    String phase,
    long errors,
    long warnings,
    String failureReason,
    List<String> validationErrors,
    long totalItems,
    long itemsDone,
    long volumeSnapshotsAttempted,
    long volumeSnapshotsCompleted,
    String startTimestamp,
    String completionTimestamp) {

  public VeleroStatus {
    phase = phase == null ? "" : phase;
    validationErrors = validationErrors == null ? List.of() : List.copyOf(validationErrors);
  }
}
