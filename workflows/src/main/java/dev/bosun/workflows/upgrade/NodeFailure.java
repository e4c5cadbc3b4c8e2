package dev.bosun.workflows.upgrade;

import java.util.List;

/**
 * A node's child workflow reports a failed step to the parent.
 *
 * @param driftedFiles the files that drifted, when the config-drift guard stopped the node (then retry may accept or
 *     restore them); empty otherwise, and null in histories recorded before the guard
 */
public record NodeFailure(
    String node,
    String step,
    String error,
    int attempt,
    String childWorkflowId,
    List<String> driftedFiles) {

  /** Not a drift (the signature before {@code driftedFiles}). */
  public NodeFailure(String node, String step, String error, int attempt, String childWorkflowId) {
    this(node, step, error, attempt, childWorkflowId, List.of());
  }

  public boolean configDrift() {
    return driftedFiles != null && !driftedFiles.isEmpty();
  }
}
