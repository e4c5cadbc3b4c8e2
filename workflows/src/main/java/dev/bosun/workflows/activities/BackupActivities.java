package dev.bosun.workflows.activities;

import dev.bosun.workflows.model.ClusterTarget;
import dev.bosun.workflows.model.HostTarget;
import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;
import java.time.Duration;
import java.util.List;

/**
 * Off-host backup activities: the sentinel, Velero through its CRDs, a file fetched off a node, and the off-host
 * copy (rclone or restic) with its verification and retention. Every input is checked by the same rule classes as
 * the inventory before anything runs; credentials travel as references only (a config path, env-var names).
 */
@ActivityInterface
public interface BackupActivities {

  /** Writes (or finds, on a retry) the sentinel ConfigMap {@code bosun-sentinel/sentinel} with this UUID and time. */
  @ActivityMethod
  Sentinel writeSentinel(ClusterTarget cluster, String uuid, long writtenAtMillis);

  /** Creates the Velero Backup resource (a retry finds the one it created); returns its status right after. */
  @ActivityMethod
  VeleroStatus createVeleroBackup(ClusterTarget cluster, VeleroBackupRequest request);

  /**
   * Polls the Backup until its phase is terminal, heartbeating the phase and item progress; fails with
   * {@code VeleroTimedOut} after {@code timeout}.
   */
  @ActivityMethod
  VeleroStatus awaitVeleroBackup(
      ClusterTarget cluster, String veleroNamespace, String name, Duration timeout);

  /**
   * Copies {@code remotePath} off {@code host} into {@code stagingDir} on the worker; its SHA-256 on the host and
   * on the worker must be equal.
   */
  @ActivityMethod
  StagedFile fetchFromNode(
      HostTarget host, String remotePath, String stagingDir, String backupName);

  /** Copies the backup's Velero objects and the staged files to the off-host target. */
  @ActivityMethod
  OffHostCopy copyOffHost(OffHostTarget target, String backupName, List<StagedFile> staged);

  /**
   * Verifies the copy ({@code rclone check} against the source, or {@code restic check --read-data-subset}) and
   * then marks it verified; fails with {@code OffHostVerifyFailed} naming the differences.
   */
  @ActivityMethod
  OffHostCopy verifyOffHost(OffHostTarget target, String backupName, List<StagedFile> staged);

  /**
   * Removes this backup's staging folder ({@code stagingDir/backupName}: the etcd snapshot fetched off the node, and
   * restic's copy of the Velero objects) on the worker and, with {@code runOn}, on that host. Only after the copy
   * verified; a folder already gone is fine (a retry).
   */
  @ActivityMethod
  void removeStaging(OffHostTarget target, String backupName);

  /** The copies on the off-host target, verified or not. */
  @ActivityMethod
  List<OffHostEntry> listOffHost(OffHostTarget target);

  /** Deletes one copy from the off-host target (a retry of a deleted one is a no-op). */
  @ActivityMethod
  void deleteOffHost(OffHostTarget target, OffHostEntry entry);
}
