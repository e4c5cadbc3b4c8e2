package dev.bosun.workflows.model;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Off-host backup settings (used by OffHostBackup and RestoreDrill).
 *
 * @param etcdSnapshot take an etcd snapshot on the first control plane and copy it off-host with the backup
 */
public record BackupSpec(VeleroSpec velero, OffHostSpec offHost, boolean etcdSnapshot) {

  public BackupSpec(VeleroSpec velero, OffHostSpec offHost) {
    this(velero, offHost, true);
  }

  /**
   * @param includeNamespaces empty = every namespace
   * @param selector matchLabels of the objects to back up; empty = every object
   * @param ttl how long Velero keeps the backup (null = Velero's default, 30 days)
   * @param allowPartiallyFailed accept a PartiallyFailed backup (its errors and warnings are still reported)
   * @param timeout how long to wait for the Backup to reach a terminal phase
   */
  public record VeleroSpec(
      String namespace,
      String storageLocation,
      List<String> includeNamespaces,
      List<String> excludeNamespaces,
      Map<String, String> selector,
      Duration ttl,
      boolean allowPartiallyFailed,
      Duration timeout) {

    public static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(30);

    public VeleroSpec {
      includeNamespaces = includeNamespaces == null ? List.of() : List.copyOf(includeNamespaces);
      excludeNamespaces = excludeNamespaces == null ? List.of() : List.copyOf(excludeNamespaces);
      selector = selector == null ? Map.of() : Map.copyOf(selector);
      timeout = timeout == null ? DEFAULT_TIMEOUT : timeout;
    }

    public VeleroSpec(String namespace, String storageLocation) {
      this(namespace, storageLocation, null, null, null, null, false, null);
    }
  }

  /**
   * @param tool rclone or restic
   * @param source the bucket as the tool names it (e.g. "minio:velero")
   * @param destination the off-host copy (e.g. "nas:lab1-velero")
   * @param passwordEnv restic: name of the env var holding the repository password (never the value)
   * @param keepLast retention: how many verified copies to keep off-host (0 = no count limit)
   * @param keepDays retention: keep verified copies younger than this many days (0 = no age limit); a copy either
   *     rule keeps is kept, and with both 0 every copy is kept
   * @param rcloneConfig the rclone config file on the worker (null = rclone's default); a path, never its content
   * @param stagingDir a directory on the worker for the etcd snapshot (and restic's input); with {@code runOn} the
   *     same path on that host
   * @param runOn the node (of {@code nodes}) that runs rclone/restic over SSH; null = the worker's machine
   */
  public record OffHostSpec(
      String tool,
      String source,
      String destination,
      String passwordEnv,
      int keepLast,
      int keepDays,
      String rcloneConfig,
      String stagingDir,
      String runOn) {

    public static final String DEFAULT_STAGING_DIR = "~/.bosun/backup-staging";

    public OffHostSpec {
      stagingDir = stagingDir == null ? DEFAULT_STAGING_DIR : stagingDir;
    }

    public OffHostSpec(
        String tool, String source, String destination, String passwordEnv, int keepLast) {
      this(tool, source, destination, passwordEnv, keepLast, 0, null, null, null);
    }

    public OffHostSpec(
        String tool,
        String source,
        String destination,
        String passwordEnv,
        int keepLast,
        int keepDays,
        String rcloneConfig,
        String stagingDir) {
      this(
          tool,
          source,
          destination,
          passwordEnv,
          keepLast,
          keepDays,
          rcloneConfig,
          stagingDir,
          null);
    }
  }
}
