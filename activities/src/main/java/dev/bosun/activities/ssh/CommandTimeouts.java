package dev.bosun.activities.ssh;

import dev.bosun.activities.CurrentActivity;
import io.temporal.activity.ActivityInfo;
import java.time.Duration;
import java.util.Optional;

/**
 * Keeps an SSH command inside its activity: a command may not outlive the activity attempt's
 * start-to-close timeout, or Temporal would time the attempt out and retry while the command still runs,
 * and the failure would say "timed out" instead of which command hung with what output.
 */
public final class CommandTimeouts {

  /** Left for reporting the failure before Temporal's own timeout fires. At most a tenth of the start-to-close. */
  static final Duration MARGIN = Duration.ofSeconds(10);

  /** Never less than this: a command always gets a chance to run. */
  static final Duration MINIMUM = Duration.ofSeconds(1);

  private CommandTimeouts() {}

  /**
   * The command timeout to use: {@code requested}, capped at what is left of the attempt's start-to-close
   * timeout minus a margin.
   *
   * @param attemptStartedMillis when the current attempt started (epoch millis; 0 = unknown)
   * @param startToClose the activity's start-to-close timeout (null or zero = none)
   */
  public static Duration cap(
      Duration requested, long attemptStartedMillis, Duration startToClose, long nowMillis) {
    if (startToClose == null
        || startToClose.isZero()
        || startToClose.isNegative()
        || attemptStartedMillis <= 0) {
      return requested;
    }
    Duration margin =
        MARGIN.compareTo(startToClose.dividedBy(10)) < 0 ? MARGIN : startToClose.dividedBy(10);
    Duration left = Duration.ofMillis(attemptStartedMillis + startToClose.toMillis() - nowMillis)
        .minus(margin);
    Duration capped = left.compareTo(requested) < 0 ? left : requested;
    return capped.compareTo(MINIMUM) < 0 ? MINIMUM : capped;
  }

  /** {@link #cap} for the activity running on this thread; {@code requested} outside an activity. */
  public static Duration forCurrentActivity(Duration requested) {
    Optional<ActivityInfo> info = CurrentActivity.info();
    return info.map(i -> cap(
            requested,
            i.getStartedTimestamp(),
            i.getStartToCloseTimeout(),
            System.currentTimeMillis()))
        .orElse(requested);
  }
}
