package dev.bosun.workflows.init;

import dev.bosun.workflows.WorkflowNames;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/** {@code bosun destroy}: every VM of the cluster that carries its marker, on every hypervisor; a workflow so it survives a crash. */
@WorkflowInterface
public interface DestroyClusterWorkflow {

  @WorkflowMethod(name = WorkflowNames.DESTROY_CLUSTER)
  DestroyReport destroy(DestroyRequest request);
}
