package dev.bosun.workflows.activities;

import dev.bosun.workflows.model.HostTarget;

/**
 * The bucket a drill restores an off-host copy into, so that Velero finds it in its own layout
 * ({@code backups/<name>/}).
 *
 * @param remote the bucket as rclone names it ({@code s3:drill-scratch})
 * @param rcloneConfig the rclone config file where the off-host copy runs (null = rclone's default)
 * @param runOn the host that runs the off-host copy ({@code backup.offHost.runOn}; null = the worker): every
 *     rclone command on this bucket runs there, so the bucket must be reachable from it
 */
public record ScratchBucket(String remote, String rcloneConfig, HostTarget runOn) {

  /** A bucket read on the worker. */
  public ScratchBucket(String remote, String rcloneConfig) {
    this(remote, rcloneConfig, null);
  }
}
