package dev.bosun.workflows.init;

import dev.bosun.workflows.WorkflowNames;
import io.temporal.workflow.QueryMethod;
import io.temporal.workflow.UpdateMethod;
import io.temporal.workflow.UpdateValidatorMethod;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/**
 * Build a kubeadm cluster on VMs: provision, bootstrap, {@code kubeadm init}, CNI, joins, Ready, labels. A saga:
 * each step's compensation (kubeadm reset on a joined node, destroy a created VM, never an adopted one) is
 * registered before it runs. A failed node waits for the operator: retry, skip (workers only) or abort.
 */
@WorkflowInterface
public interface ClusterInitWorkflow {

  @WorkflowMethod(name = WorkflowNames.CLUSTER_INIT)
  InitReport init(InitRequest request);

  @QueryMethod(name = WorkflowNames.PROGRESS)
  InitProgress progress();

  @UpdateMethod(name = WorkflowNames.RETRY)
  String retry(String node);

  @UpdateValidatorMethod(updateName = WorkflowNames.RETRY)
  void validateRetry(String node);

  @UpdateMethod(name = WorkflowNames.SKIP)
  String skip(String node);

  @UpdateValidatorMethod(updateName = WorkflowNames.SKIP)
  void validateSkip(String node);

  @UpdateMethod(name = WorkflowNames.ABORT)
  String abort(String reason);

  @UpdateValidatorMethod(updateName = WorkflowNames.ABORT)
  void validateAbort(String reason);
}
