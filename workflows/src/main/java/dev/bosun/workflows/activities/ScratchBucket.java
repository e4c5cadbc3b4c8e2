package dev.bosun.workflows.activities;

/**
 * The bucket a drill restores an off-host copy into, so that Velero finds it in its own layout
 * ({@code backups/<name>/}).
 *
 * @param remote the bucket as rclone names it ({@code s3:drill-scratch})
 * @param rcloneConfig the rclone config file on the worker (null = rclone's default)
 */
public record ScratchBucket(String remote, String rcloneConfig) {}
