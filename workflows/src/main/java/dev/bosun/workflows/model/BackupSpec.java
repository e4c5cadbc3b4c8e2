package dev.bosun.workflows.model;

/** Off-host backup settings (used by OffHostBackup and RestoreDrill). */
public record BackupSpec(VeleroSpec velero, OffHostSpec offHost) {

  public record VeleroSpec(String namespace, String storageLocation) {}

  /**
   * @param tool rclone or restic
   * @param source the bucket as the tool names it (e.g. "minio:velero")
   * @param destination the off-host copy (e.g. "nas:lab1-velero")
   * @param passwordEnv restic: name of the env var holding the repository password (never the value)
   * @param keepLast retention: how many backups to keep off-host (0 = keep all)
   */
  public record OffHostSpec(
      String tool, String source, String destination, String passwordEnv, int keepLast) {}
}
