package dev.bosun.workflows.upgrade;

import dev.bosun.workflows.Phase;
import java.util.List;

/**
 * The progress query's answer.
 *
 * @param awaiting the failed node waiting for retry/skip/abort (null if none)
 * @param gate the approval gate waiting for {@code bosun approve} (null if none)
 * @param window the maintenance window the upgrade waits for (null if it does not wait)
 */
public record UpgradeProgress(
    String cluster,
    String from,
    String target,
    Phase phase,
    boolean paused,
    String pauseReason,
    NodeFailure awaiting,
    String gate,
    int nodesDone,
    int nodesTotal,
    int failedNodes,
    List<NodeRow> nodes,
    List<PreflightFinding> findings,
    long startedAtMillis,
    WindowWait window) {

  /** Without a window wait (the signature before maintenance windows). */
  public UpgradeProgress(
      String cluster,
      String from,
      String target,
      Phase phase,
      boolean paused,
      String pauseReason,
      NodeFailure awaiting,
      String gate,
      int nodesDone,
      int nodesTotal,
      int failedNodes,
      List<NodeRow> nodes,
      List<PreflightFinding> findings,
      long startedAtMillis) {
    this(
        cluster,
        from,
        target,
        phase,
        paused,
        pauseReason,
        awaiting,
        gate,
        nodesDone,
        nodesTotal,
        failedNodes,
        nodes,
        findings,
        startedAtMillis,
        null);
  }
}
