package dev.bosun.workflows.upgrade;

import java.util.List;
import java.util.function.Supplier;

/**
 * What each operator update refuses, checked by its validator before the request is written to the
 * history: an update the upgrade cannot honour now (it has ended, it is not paused, no gate is open, the
 * node is not waiting for an answer) is rejected with the reason, and its handler in
 * {@link OperatorUpdates} never runs.
 */
final class UpdateValidators {

  static final String CONTROL_PLANE_SKIP_REFUSAL =
      "control planes cannot be skipped: the cluster would run kubelets newer than its API server; retry or abort";

  private final OperatorUpdates operator;
  private final Supplier<String> runningHop;

  /** @param runningHop a chain's running hop's workflow ID, or null (no chain, or between hops) */
  UpdateValidators(OperatorUpdates operator, Supplier<String> runningHop) {
    this.operator = operator;
    this.runningHop = runningHop;
  }

  void pause(String reason) {
    requireRunning("pause");
    if (operator.paused()) {
      throw new IllegalArgumentException("pause: already paused (" + operator.pauseReason() + ")");
    }
  }

  void resume() {
    requireRunning("resume");
    if (!operator.paused()) {
      throw new IllegalArgumentException("resume: the upgrade is not paused");
    }
  }

  void approve(String note) {
    requireRunning("approve");
    requireNoRunningHop("approve");
    if (operator.openGate() == null) {
      throw new IllegalArgumentException("approve: no approval gate is open");
    }
  }

  void retry(String n, String drift) {
    requireAwaiting("retry", n);
    if (drift == null || drift.isEmpty()) {
      return;
    }
    if (!drift.equals(NodeDecision.DRIFT_ACCEPT) && !drift.equals(NodeDecision.DRIFT_RESTORE)) {
      throw new IllegalArgumentException(
          "retry: the drift answer is accept or restore, got '" + drift + "'");
    }
    NodeFailure f = operator.awaitingFailure(n);
    if (!f.configDrift()) {
      throw new IllegalArgumentException(
          "retry: " + n + " did not stop on configuration drift (it failed at " + f.step()
              + "): retry it without --accept-drift/--restore-config");
    }
    if (drift.equals(NodeDecision.DRIFT_RESTORE)) {
      List<String> manifests = f.driftedFiles().stream()
          .filter(file -> file.startsWith("/etc/kubernetes/manifests/"))
          .toList();
      if (!manifests.isEmpty()) {
        throw new IllegalArgumentException("retry: cannot restore " + String.join(", ", manifests)
            + ": the previous static pod manifest would take the control plane back to its old image;"
            + " put it right by hand and retry, or accept it");
      }
    }
  }

  void skip(String n) {
    requireAwaiting("skip", n);
    if (operator.inventory().isControlPlane(n)) {
      throw new IllegalArgumentException("skip: " + n + ": " + CONTROL_PLANE_SKIP_REFUSAL);
    }
  }

  void abort(String reason) {
    requireRunning("abort");
    if (operator.aborted()) {
      throw new IllegalArgumentException(
          "abort: the upgrade is already aborting (" + operator.abortReason() + ")");
    }
  }

  private void requireRunning(String command) {
    UpgradeView view = operator.view();
    if (view.ended()) {
      throw new IllegalArgumentException(
          command + ": the upgrade has ended (" + view.phase() + ")");
    }
  }

  /**
   * A chain's parent has no node and no gate while a hop runs: a node or gate command sent to it (from the Temporal UI,
   * say) is refused naming the hop where it belongs. Pause, resume and abort stay the chain's own: they hold or end it
   * before its next hop.
   */
  private void requireNoRunningHop(String command) {
    String hop = runningHop.get();
    if (hop != null) {
      throw new IllegalArgumentException(
          command + ": this upgrade is a minor-version chain; its nodes and gates"
              + " are in its running hop " + hop + ": send " + command
              + " there (the bosun CLI does so itself)");
    }
  }

  private void requireAwaiting(String command, String n) {
    requireRunning(command);
    requireNoRunningHop(command);
    if (n == null || !operator.inventory().hasNode(n)) {
      throw new IllegalArgumentException(command + ": no node named '" + n + "' in cluster "
          + operator.inventory().cluster());
    }
    if (!operator.awaits(n)) {
      NodeRow r = operator.view().row(n);
      throw new IllegalArgumentException(
          command + ": " + n + " is not waiting for an operator (it is "
              + (r == null ? NodeStatus.PENDING.label() : r.state()) + ")");
    }
  }
}
