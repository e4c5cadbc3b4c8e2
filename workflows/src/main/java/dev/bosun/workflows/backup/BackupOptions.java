package dev.bosun.workflows.backup;

import dev.bosun.workflows.BosunActivityOptions;
import io.temporal.activity.ActivityCancellationType;
import io.temporal.activity.ActivityOptions;
import io.temporal.common.RetryOptions;
import java.time.Duration;

/** Activity options of the backup's steps, and of the restore drill's (the same kinds of work: tools, Velero waits). */
public final class BackupOptions {

  /** Failures a retry cannot fix: bad input, a copy that does not match, a Backup that never ended. */
  public static final String[] NON_RETRYABLE = {
    "InvalidInput", "OffHostVerifyFailed", "VeleroTimedOut", "ChecksumMismatch", "UnparseableOutput"
  };

  private static final RetryOptions RETRY = RetryOptions.newBuilder(
          BosunActivityOptions.BOUNDED_RETRY)
      .setDoNotRetry(NON_RETRYABLE)
      .build();

  /** The sentinel, creating the Backup resource, listing and deleting one off-host copy. */
  public static final ActivityOptions QUICK = options(Duration.ofMinutes(5), null);

  /** Fetching a file off a node over SSH (an etcd snapshot: tens of MB). */
  static final ActivityOptions FETCH =
      options(Duration.ofMinutes(15), BosunActivityOptions.HOST_HEARTBEAT);

  /** rclone copy / restic backup, and their verification: the tools' runs heartbeat. */
  public static final ActivityOptions COPY =
      options(Duration.ofHours(2), BosunActivityOptions.HOST_HEARTBEAT);

  /** The copy, whose cancel is waited for: the tool is killed before the undo removes what it wrote. */
  static final ActivityOptions COPY_UNTIL_STOPPED = ActivityOptions.newBuilder(COPY)
      .setCancellationType(ActivityCancellationType.WAIT_CANCELLATION_COMPLETED)
      .build();

  /** Waiting on the Backup's phase: its own timeout plus slack to say so. */
  public static ActivityOptions awaiting(Duration timeout) {
    return options(timeout.plus(Duration.ofMinutes(2)), BosunActivityOptions.HOST_HEARTBEAT);
  }

  private BackupOptions() {}

  private static ActivityOptions options(Duration startToClose, Duration heartbeat) {
    ActivityOptions.Builder b =
        ActivityOptions.newBuilder().setStartToCloseTimeout(startToClose).setRetryOptions(RETRY);
    if (heartbeat != null) {
      b.setHeartbeatTimeout(heartbeat);
    }
    return b.build();
  }
}
