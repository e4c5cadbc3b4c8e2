package dev.bosun.workflows.drain;

import dev.bosun.workflows.WorkflowNames;
import io.temporal.workflow.QueryMethod;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/**
 * Drain one node for maintenance: cordon, evict every evictable pod through the Eviction API, wait
 * until they are gone, bounded by the drain timeout. On failure or cancellation the node is uncordoned
 * again, unless it was cordoned before Bosun touched it. On success it stays cordoned (that is the point).
 */
@WorkflowInterface
public interface NodeDrainWorkflow {

  @WorkflowMethod(name = WorkflowNames.NODE_DRAIN)
  DrainReport drain(DrainRequest request);

  @QueryMethod(name = WorkflowNames.PROGRESS)
  DrainProgress progress();
}
