package dev.bosun.workflows;

import io.temporal.failure.ApplicationFailure;
import io.temporal.workflow.Workflow;

/**
 * The per-cluster lock for a run that does not hold it. A run started by a command takes the lock ID
 * {@code bosun:<cluster>} itself, so Temporal refuses a second one; a run started by a Temporal Schedule carries the
 * fire time in its ID, so before its first side effect it asks whether an operation holds the lock ID and, if so,
 * fails without touching the cluster (the schedule's next time tries again). The CLI refuses the other direction:
 * no command starts while a scheduled run of the cluster runs.
 */
public final class ClusterLock {

  /** Failure type of a scheduled run refused because the cluster is busy. */
  public static final String CLUSTER_BUSY = "ClusterBusy";

  /** Version 1: runs without the lock ID check it (schedules). */
  static final String CHECK_LOCK = "scheduled-run-checks-cluster-lock";

  private ClusterLock() {}

  /** Returns when this run holds the lock ID or no operation does; fails ClusterBusy otherwise. */
  public static void refuseIfAnotherOperationRuns(String cluster) {
    if (Workflow.getInfo().getWorkflowId().equals(WorkflowIds.mutation(cluster))) {
      return; // Temporal's ID uniqueness already excludes every other command's run
    }
    if (Workflow.getVersion(CHECK_LOCK, Workflow.DEFAULT_VERSION, 1) < 1) {
      return;
    }
    String running = ActivityStubs.clusterLock(
            BosunActivityOptions.QUICK, "is an operation running on " + cluster + "?")
        .runningOperation(cluster);
    if (running != null) {
      throw ApplicationFailure.newNonRetryableFailure(
          "cluster " + cluster + " is busy: " + running
              + "; this scheduled run did nothing (the schedule's next time tries again)",
          CLUSTER_BUSY);
    }
  }
}
