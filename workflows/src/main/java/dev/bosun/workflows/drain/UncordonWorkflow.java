package dev.bosun.workflows.drain;

import dev.bosun.workflows.WorkflowNames;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/** Make a node schedulable again (after maintenance). */
@WorkflowInterface
public interface UncordonWorkflow {

  @WorkflowMethod(name = WorkflowNames.UNCORDON)
  String uncordon(UncordonRequest request);
}
