package dev.bosun.workflows.activities;

import dev.bosun.workflows.model.HostTarget;

/**
 * Where and how the off-host copy goes. References only: the rclone config path and env-var names, never a value.
 *
 * @param tool rclone or restic
 * @param source Velero's bucket as rclone names it ({@code s3:velero}); the backup's objects are under
 *     {@code backups/<name>/}
 * @param destination rclone: {@code REMOTE:PATH} or a local directory, one folder per backup; restic: the repository
 * @param rcloneConfig the rclone config file on the worker (null = rclone's own default)
 * @param passwordEnv restic: the env var holding the repository password
 * @param stagingDir a directory on the worker for files fetched off nodes (and restic's input); with {@code runOn},
 *     the same path on that host too
 * @param runOn the inventory host the tools run on over SSH, or null for the worker's own machine
 */
public record OffHostTarget(
    String tool,
    String source,
    String destination,
    String rcloneConfig,
    String passwordEnv,
    String stagingDir,
    HostTarget runOn) {

  public OffHostTarget(
      String tool,
      String source,
      String destination,
      String rcloneConfig,
      String passwordEnv,
      String stagingDir) {
    this(tool, source, destination, rcloneConfig, passwordEnv, stagingDir, null);
  }

  public boolean restic() {
    return "restic".equals(tool);
  }
}
