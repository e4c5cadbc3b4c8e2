package dev.bosun.workflows.upgrade;

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

  @WorkflowMethod(name = "RollingUpgrade")
  UpgradeReport upgrade(UpgradeRequest request);

  @QueryMethod
  UpgradeProgress progress();

  /** Stop starting new nodes (nodes in flight finish). */
  @UpdateMethod
  String pause(String reason);

  @UpdateValidatorMethod(updateName = "pause")
  void validatePause(String reason);

  @UpdateMethod
  String resume();

  @UpdateValidatorMethod(updateName = "resume")
  void validateResume();

  /** Pass an approval gate (before-workers, before-each-batch). */
  @UpdateMethod
  String approve(String note);

  @UpdateValidatorMethod(updateName = "approve")
  void validateApprove(String note);

  /** Run the failed node again from the step that failed. */
  @UpdateMethod
  String retry(String node);

  @UpdateValidatorMethod(updateName = "retry")
  void validateRetry(String node);

  /** Compensate the failed node (roll back a worker's packages, uncordon) and carry on without it. */
  @UpdateMethod
  String skip(String node);

  @UpdateValidatorMethod(updateName = "skip")
  void validateSkip(String node);

  /** End the upgrade, compensating: no control plane is downgraded; failed workers get their packages back; cordons are undone. */
  @UpdateMethod
  String abort(String reason);

  @UpdateValidatorMethod(updateName = "abort")
  void validateAbort(String reason);

  /** From a node's child workflow: it failed and waits for a {@link NodeDecision}. */
  @SignalMethod
  void nodeFailed(NodeFailure failure);
}
