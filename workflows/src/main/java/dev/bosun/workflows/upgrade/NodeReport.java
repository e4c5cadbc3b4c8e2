package dev.bosun.workflows.upgrade;

import dev.bosun.workflows.model.KubeVersion;
import dev.bosun.workflows.model.NodeRole;
import dev.bosun.workflows.model.NodeSpec;

/**
 * One node's outcome.
 *
 * @param status upgraded, already-at-target, skipped, failed, rolled-back, cancelled or not-started
 * @param from kubelet version before
 * @param version kubelet version at the end (what the node really runs)
 * @param failedStep the step that failed, if any (a {@link NodeStep} label)
 * @param compensation what was undone on this node and whether it worked (null if nothing)
 * @param note what the operator should know that is no failure, e.g. a VM snapshot that could not be deleted (null if
 *     nothing; absent in histories recorded before it existed)
 */
public record NodeReport(
    String node,
    NodeRole role,
    String from,
    String version,
    NodeStatus status,
    String failedStep,
    String error,
    String compensation,
    int attempts,
    long durationMillis,
    String note) {

  /** A node that already ran the target when the upgrade started: done without a stage. */
  static NodeReport alreadyAtTarget(NodeSpec spec, KubeVersion target) {
    return new NodeReport(
        spec.name(),
        spec.role(),
        target.toString(),
        target.toString(),
        NodeStatus.ALREADY_AT_TARGET,
        null,
        null,
        null,
        0,
        0);
  }

  /** Without a note (the signature before {@code note}). */
  public NodeReport(
      String node,
      NodeRole role,
      String from,
      String version,
      NodeStatus status,
      String failedStep,
      String error,
      String compensation,
      int attempts,
      long durationMillis) {
    this(
        node,
        role,
        from,
        version,
        status,
        failedStep,
        error,
        compensation,
        attempts,
        durationMillis,
        null);
  }

  /**
   * A node in the final report: its outcome (or not-started) with the version it really runs at the end.
   *
   * @param outcome what happened to the node, null if it never started
   * @param row its live row (for the version it started from), may be null
   */
  static NodeReport atTheEnd(NodeSpec spec, NodeReport outcome, NodeRow row, String actual) {
    if (outcome == null) {
      // a node whose workflow the cancellation of the upgrade ended (it compensated itself), or one
      // never started
      NodeStatus status = row != null && NodeStatus.CANCELLED.label().equals(row.state())
          ? NodeStatus.CANCELLED
          : NodeStatus.NOT_STARTED;
      return new NodeReport(
          spec.name(),
          spec.role(),
          row == null ? actual : row.from(),
          actual,
          status,
          null,
          null,
          status == NodeStatus.CANCELLED
              ? "compensated by its node workflow when the upgrade was cancelled"
              : null,
          0,
          0);
    }
    return new NodeReport(
        outcome.node(),
        outcome.role(),
        outcome.from(),
        actual,
        outcome.status(),
        outcome.failedStep(),
        outcome.error(),
        outcome.compensation(),
        outcome.attempts(),
        outcome.durationMillis(),
        outcome.note());
  }
}
