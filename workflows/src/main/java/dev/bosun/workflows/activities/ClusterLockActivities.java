package dev.bosun.workflows.activities;

import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;

/**
 * Who holds a cluster's lock ID {@code bosun:<cluster>}. A run started by a Temporal Schedule carries its own ID (the
 * fire time appended), so Temporal's ID uniqueness does not exclude it: it asks here before touching the cluster.
 */
@ActivityInterface
public interface ClusterLockActivities {

  /**
   * The operation running under {@code bosun:<cluster>} in one line (type, ID, summary), or null when none runs.
   */
  @ActivityMethod
  String runningOperation(String cluster);
}
