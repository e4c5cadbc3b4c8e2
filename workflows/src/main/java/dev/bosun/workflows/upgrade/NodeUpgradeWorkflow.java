package dev.bosun.workflows.upgrade;

import dev.bosun.workflows.WorkflowNames;
import io.temporal.workflow.QueryMethod;
import io.temporal.workflow.SignalMethod;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/**
 * One node of a rolling upgrade: drain → repository + kubeadm package → kubeadm upgrade → kubelet and
 * kubectl packages → restart kubelet → wait Ready at the target → uncordon → health gate.
 *
 * <p>On a failed step it tells the parent ({@link RollingUpgradeWorkflow#nodeFailed}) and waits for a
 * {@link NodeDecision}: RETRY runs again from the failed step; SKIP and ABORT compensate this node
 * (a worker gets its previous packages back and its kubelet restarted; the node is uncordoned unless it
 * was cordoned before Bosun) and end it.
 */
@WorkflowInterface
public interface NodeUpgradeWorkflow {

  @WorkflowMethod(name = WorkflowNames.NODE_UPGRADE)
  NodeReport upgrade(NodeUpgradeInput input);

  @SignalMethod
  void resolve(NodeDecision decision);

  @QueryMethod(name = WorkflowNames.PROGRESS)
  NodeRow progress();
}
