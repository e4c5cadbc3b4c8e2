package dev.bosun.cli.operation;

import dev.bosun.workflows.BosunSearchAttributes;
import dev.bosun.workflows.WorkflowNames;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowExecutionMetadata;
import io.temporal.common.SearchAttributeKey;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;

/**
 * The last backup and the last restore drill of a cluster, by visibility query on their workflow type and
 * BosunCluster, with the result search attribute each sets (BosunBackupResult, BosunDrillResult): for
 * {@code bosun status}, whether or not an operation runs now.
 */
public final class LastRuns {

  /** One kind of run looked up: its label, workflow type and result attribute. */
  public enum Kind {
    BACKUP("backup", WorkflowNames.OFF_HOST_BACKUP, BosunSearchAttributes.BACKUP_RESULT),
    DRILL("drill", WorkflowNames.RESTORE_DRILL, BosunSearchAttributes.DRILL_RESULT);

    final String label;
    final String workflowType;
    final SearchAttributeKey<String> result;

    Kind(String label, String workflowType, SearchAttributeKey<String> result) {
      this.label = label;
      this.workflowType = workflowType;
      this.result = result;
    }
  }

  /**
   * The newest run of a kind.
   *
   * @param result the result attribute (succeeded, failed, passed…), or the run's status when it has none
   */
  public record LastRun(
      String kind,
      String workflowId,
      String result,
      String status,
      Instant started,
      Instant closed) {

    public String line() {
      return String.format(
          "last %-7s %s %s (%sstarted %s%s)",
          kind + ":",
          workflowId,
          result,
          result.equals(status) ? "" : status + ", ",
          started,
          closed == null ? "" : ", closed " + closed);
    }
  }

  private LastRuns() {}

  /** The newest run of {@code kind} on {@code cluster}; null when there is none yet. */
  public static LastRun of(WorkflowClient client, String cluster, Kind kind) {
    // no ORDER BY: the dev server's SQLite visibility refuses it; sorted here
    List<WorkflowExecutionMetadata> runs = client
        .listExecutions(
            "BosunCluster='" + cluster + "' AND WorkflowType='" + kind.workflowType + "'")
        .limit(100)
        .sorted(Comparator.comparing(WorkflowExecutionMetadata::getStartTime).reversed())
        .limit(1)
        .toList();
    if (runs.isEmpty()) {
      return null;
    }
    WorkflowExecutionMetadata m = runs.get(0);
    String status =
        m.getStatus().name().replace("WORKFLOW_EXECUTION_STATUS_", "").toLowerCase();
    String result = m.getTypedSearchAttributes().get(kind.result);
    return new LastRun(
        kind.label,
        m.getExecution().getWorkflowId(),
        result == null || result.isEmpty() ? status : result,
        status,
        m.getStartTime(),
        m.getCloseTime());
  }

  /** "last backup: none yet". */
  public static String none(Kind kind) {
    return String.format("last %-7s none yet", kind.label + ":");
  }
}
