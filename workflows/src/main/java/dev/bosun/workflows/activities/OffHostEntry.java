package dev.bosun.workflows.activities;

/**
 * One backup's copy on the off-host target.
 *
 * @param takenAtMillis when the backup was taken (from its name, {@code bosun-<cluster>-<yyyyMMddHHmmss>}), 0 if
 *     the name is not one of Bosun's
 * @param id restic: the snapshot id; rclone: null
 */
public record OffHostEntry(String backupName, long takenAtMillis, boolean verified, String id) {}
