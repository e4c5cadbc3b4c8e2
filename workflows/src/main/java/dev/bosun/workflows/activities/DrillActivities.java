package dev.bosun.workflows.activities;

import dev.bosun.workflows.model.ClusterTarget;
import dev.bosun.workflows.model.HostTarget;
import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The restore drill's activities: the off-host copy verified and restored into a scratch bucket, Velero installed on
 * the scratch cluster with a ReadOnly location, the Restore through its CRD, and what the checks read back. The copy's
 * listing and retention are {@link BackupActivities}' (one truth for the off-host layout).
 */
@ActivityInterface
public interface DrillActivities {

  /**
   * Verifies one copy against its own checksums before anything is built: rclone, every file's MD5 against
   * {@code bosun-verified.json}; restic, {@code restic check --read-data-subset} and the snapshot's
   * {@code bosun-verified} tag. Fails with {@code OffHostVerifyFailed} naming the differences.
   */
  @ActivityMethod
  OffHostCopy verifyCopy(OffHostTarget target, OffHostEntry entry);

  /**
   * Restores the copy's Velero objects into {@code backups/<name>/} of the scratch bucket (rclone copy / restic
   * restore then rclone copy) and returns every object's MD5 there (path under {@code backups/<name>/} → md5).
   */
  @ActivityMethod
  Map<String, String> restoreIntoScratchBucket(
      OffHostTarget target, OffHostEntry entry, ScratchBucket bucket);

  /** The MD5 of every object under {@code backups/<name>/} of the scratch bucket (path → md5). */
  @ActivityMethod
  Map<String, String> scratchObjectChecksums(ScratchBucket bucket, String backupName);

  /**
   * Runs {@code velero install} on {@code host} (the scratch cluster's first control plane), the credentials file
   * streamed to a 0600 temp file there and removed afterwards, then sets the location's {@code accessMode: ReadOnly}.
   */
  @ActivityMethod
  void installVelero(HostTarget host, ClusterTarget scratch, VeleroInstall install);

  /** Waits until the Backup appears in the scratch cluster (Velero's sync: up to a minute); returns its status. */
  @ActivityMethod
  VeleroStatus awaitBackupSynced(
      ClusterTarget scratch, String veleroNamespace, String backupName, Duration timeout);

  /**
   * The Backup's resource list as Velero wrote it ({@code backups/<name>/<name>-resource-list.json.gz} in the scratch
   * bucket): kind ({@code apps/v1/Deployment}) → {@code namespace/name} (or {@code name}, cluster-scoped).
   */
  @ActivityMethod
  Map<String, List<String>> backupResourceList(ScratchBucket bucket, String backupName);

  /** The Restore's resource list ({@code restores/<r>/restore-<r>-resource-list.json.gz}), same shape. */
  @ActivityMethod
  Map<String, List<String>> restoreResourceList(ScratchBucket bucket, String restoreName);

  /** Creates the Restore resource (a retry finds it); returns its status right after. */
  @ActivityMethod
  VeleroStatus createVeleroRestore(
      ClusterTarget scratch, String veleroNamespace, String restoreName, String backupName);

  /** Polls the Restore until its phase is terminal, heartbeating; {@code VeleroTimedOut} after {@code timeout}. */
  @ActivityMethod
  VeleroStatus awaitVeleroRestore(
      ClusterTarget scratch, String veleroNamespace, String restoreName, Duration timeout);

  /** Waits (bounded by {@code timeout}) for the namespace's workloads to be Ready; returns what it saw last. */
  @ActivityMethod
  NamespaceWorkloads awaitWorkloads(ClusterTarget scratch, String namespace, Duration timeout);

  /**
   * A restored sentinel ConfigMap ({@code namespace}/{@code resource}, e.g. {@code bosun-sentinel} /
   * {@code configmap/sentinel}) with the SHA-256 of its payload as read back; null when it was not restored.
   */
  @ActivityMethod
  Sentinel readSentinel(ClusterTarget scratch, String namespace, String resource);

  /** GET {@code url} through the scratch API server's service proxy ({@code ServiceProxy}); the HTTP status code. */
  @ActivityMethod
  int httpProbe(ClusterTarget scratch, String url);
}
