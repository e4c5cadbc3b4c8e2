package dev.bosun.workflows.upgrade;

import dev.bosun.workflows.Phase;
import java.util.List;

/**
 * The progress query's answer.
 *
 * @param awaiting the failed node waiting for retry/skip/abort (null if none)
 * @param gate the approval gate waiting for {@code bosun approve} (null if none)
 * @param window the maintenance window the upgrade waits for (null if it does not wait)
 * @param chain a minor-version chain's hops (null for a single upgrade): its nodes are the running hop's, read with
 *     the progress query of {@link ChainProgress#currentWorkflowId}
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
    WindowWait window,
    ChainProgress chain) {}
