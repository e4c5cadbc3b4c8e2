package dev.bosun.cli.operation;

import dev.bosun.workflows.WorkflowNames;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowFailedException;
import java.io.PrintWriter;

/** How to follow a running operation of one workflow type: its live state, its result, its exit code. */
public interface Followed<R> {

  Class<R> resultType();

  /** The current state for the live view (may throw while the workflow has not started yet). */
  LiveState poll(WorkflowClient client, String workflowId);

  /**
   * The report carried by a failure (a refused drain), or kept by the run (a cancelled upgrade's), or null. By
   * default the one in the failure's details ({@link #reportInFailure}).
   */
  default R reportOf(WorkflowClient client, String workflowId, WorkflowFailedException failure) {
    return reportInFailure(failure, resultType());
  }

  /** 0 when it did what was asked, 1 otherwise. */
  int exitCode(R report);

  /** The final report as text. */
  void print(R report, PrintWriter out);

  /** The report a workflow failed with as its ApplicationFailure's details (a refused drain, a stopped renewal), or null. */
  static <R> R reportInFailure(WorkflowFailedException failure, Class<R> type) {
    if (failure.getCause() instanceof io.temporal.failure.ApplicationFailure a
        && a.getDetails() != null) {
      try {
        return a.getDetails().get(type);
      } catch (RuntimeException e) {
        return null;
      }
    }
    return null;
  }

  /** How to follow a workflow of this type (what {@code bosun watch} finds on the server). */
  static Followed<?> of(String workflowType) {
    return switch (workflowType) {
      case WorkflowNames.ROLLING_UPGRADE -> new UpgradeOperation.Follow();
      case WorkflowNames.NODE_DRAIN -> new DrainOperation.Follow(null);
      case WorkflowNames.UNCORDON -> new UncordonOperation.Follow(null);
      case WorkflowNames.CLUSTER_INIT -> new InitOperation.Follow();
      case WorkflowNames.DESTROY_CLUSTER -> new DestroyOperation.Follow();
      case WorkflowNames.OFF_HOST_BACKUP -> new BackupOperation.Follow();
      case WorkflowNames.RESTORE_DRILL -> new DrillOperation.Follow();
      case WorkflowNames.RENEW_CERTIFICATES -> new CertsOperation.Follow(java.util.List.of());
      default ->
        throw new IllegalArgumentException(
            "bosun watch follows RollingUpgrade, NodeDrain, Uncordon, ClusterInit, DestroyCluster, OffHostBackup, RestoreDrill and RenewCertificates workflows, not "
                + workflowType);
    };
  }
}
