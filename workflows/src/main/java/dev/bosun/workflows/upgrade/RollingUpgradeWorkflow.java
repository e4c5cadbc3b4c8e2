package dev.bosun.workflows.upgrade;

import dev.bosun.workflows.WorkflowNames;
import io.temporal.workflow.QueryMethod;
import io.temporal.workflow.SignalMethod;
import io.temporal.workflow.UpdateMethod;
import io.temporal.workflow.UpdateValidatorMethod;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/**
 * Upgrade a kubeadm cluster node by node: preflight, etcd snapshot, the first control plane
 * ({@code kubeadm upgrade apply}), the other control planes one at a time ({@code kubeadm upgrade node}),
 * then workers in batches of maxUnavailable. One {@link NodeUpgradeWorkflow} child per node.
 *
 * <p>Operator commands are updates: the caller gets an answer, and a validator rejects a command that
 * does not fit the current state before it is written to history.
 */
@WorkflowInterface
public interface RollingUpgradeWorkflow {

  @WorkflowMethod(name = WorkflowNames.ROLLING_UPGRADE)
  UpgradeReport upgrade(UpgradeRequest request);

  @QueryMethod(name = WorkflowNames.PROGRESS)
  UpgradeProgress progress();

  /**
   * The final report once the run has ended, else null. A cancelled upgrade ends CANCELED (the SDK ends every
   * cancelled run so) with no result: its report, written before it ended, is read here.
   */
  @QueryMethod(name = WorkflowNames.REPORT)
  UpgradeReport report();

  /**
   * The running hop's workflow ID while this upgrade runs a minor-version chain (its nodes and the operator's commands
   * are there), else null.
   */
  @QueryMethod(name = WorkflowNames.CURRENT_HOP)
  String currentHop();

  /** Stop starting new nodes (nodes in flight finish). */
  @UpdateMethod(name = WorkflowNames.PAUSE)
  String pause(String reason);

  @UpdateValidatorMethod(updateName = WorkflowNames.PAUSE)
  void validatePause(String reason);

  @UpdateMethod(name = WorkflowNames.RESUME)
  String resume();

  @UpdateValidatorMethod(updateName = WorkflowNames.RESUME)
  void validateResume();

  /** Pass an approval gate (before-workers, before-each-batch). */
  @UpdateMethod(name = WorkflowNames.APPROVE)
  String approve(String note);

  @UpdateValidatorMethod(updateName = WorkflowNames.APPROVE)
  void validateApprove(String note);

  /**
   * Run the failed node again from the step that failed. {@code drift}, for a node the config-drift guard stopped:
   * "accept" takes its configuration as it is now, "restore" puts the changed files back first; null: a plain retry
   * (and what clients sending the node alone send).
   */
  @UpdateMethod(name = WorkflowNames.RETRY)
  String retry(String node, String drift);

  @UpdateValidatorMethod(updateName = WorkflowNames.RETRY)
  void validateRetry(String node, String drift);

  /** Compensate the failed node (roll back a worker's packages, uncordon) and carry on without it. */
  @UpdateMethod(name = WorkflowNames.SKIP)
  String skip(String node);

  @UpdateValidatorMethod(updateName = WorkflowNames.SKIP)
  void validateSkip(String node);

  /** End the upgrade, compensating: no control plane is downgraded; failed workers get their packages back; cordons are undone. */
  @UpdateMethod(name = WorkflowNames.ABORT)
  String abort(String reason);

  @UpdateValidatorMethod(updateName = WorkflowNames.ABORT)
  void validateAbort(String reason);

  /** From a node's child workflow: it failed and waits for a {@link NodeDecision}. */
  @SignalMethod
  void nodeFailed(NodeFailure failure);
}
