package dev.bosun.workflows.drain;

import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/** Make a node schedulable again (after maintenance). */
@WorkflowInterface
public interface UncordonWorkflow {

  @WorkflowMethod(name = "Uncordon")
  String uncordon(UncordonRequest request);
}
