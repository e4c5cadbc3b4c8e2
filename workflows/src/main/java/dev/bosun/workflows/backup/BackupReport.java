package dev.bosun.workflows.backup;

import dev.bosun.workflows.activities.OffHostCopy;
import dev.bosun.workflows.activities.Sentinel;
import dev.bosun.workflows.activities.StagedFile;
import dev.bosun.workflows.activities.VeleroStatus;
import java.util.List;
import java.util.Map;

/**
 * What an off-host backup did: the result, the step that failed and why, Velero's status (phase, item counts,
 * errors, warnings), the sentinel, the etcd snapshot and the copy with their sizes and checksums, what retention
 * deleted and left, and how long each step took.
 *
 * @param failedStep null when it succeeded
 * @param velero the Backup's last status seen (null before it was created)
 * @param etcd null when the inventory turned the etcd snapshot off or it failed
 * @param copy the off-host copy (verified when {@code copy.verified()}), or null
 * @param deleted the older copies retention deleted
 * @param unverified copies found on the target that never verified (left for the operator)
 * @param stepMillis each step that ran, in order, with its duration
 */
public record BackupReport(
    String cluster,
    String backupName,
    BackupResult result,
    BackupStep failedStep,
    String reason,
    VeleroStatus velero,
    Sentinel sentinel,
    StagedFile etcd,
    OffHostCopy copy,
    List<String> deleted,
    List<String> unverified,
    Map<String, Long> stepMillis,
    long durationMillis) {

  public BackupReport {
    deleted = deleted == null ? List.of() : List.copyOf(deleted);
    unverified = unverified == null ? List.of() : List.copyOf(unverified);
    stepMillis = stepMillis == null
        ? Map.of()
        : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(stepMillis));
  }
}
