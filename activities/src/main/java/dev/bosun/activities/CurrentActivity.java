package dev.bosun.activities;

import io.temporal.activity.Activity;
import io.temporal.activity.ActivityInfo;
import java.util.Optional;

/** The calling thread's activity, if any: the SSH and Kubernetes layers also run outside activities (tests, CLI). */
public final class CurrentActivity {

  private CurrentActivity() {}

  /** The running activity's info, or empty outside an activity. Call on the activity thread. */
  public static Optional<ActivityInfo> info() {
    try {
      return Optional.of(Activity.getExecutionContext().getInfo());
    } catch (RuntimeException notInActivity) {
      return Optional.empty();
    }
  }

  /** The id of the workflow that scheduled the running activity, or empty outside an activity. */
  public static Optional<String> workflowId() {
    return info().map(ActivityInfo::getWorkflowId);
  }
}
