package dev.bosun.workflows.drain;

import static dev.bosun.workflows.ActivityStubs.kube;

import dev.bosun.workflows.BosunActivityOptions;
import dev.bosun.workflows.BosunSearchAttributes;
import dev.bosun.workflows.Phase;
import io.temporal.workflow.Workflow;

/** Makes a node schedulable again. */
public class UncordonWorkflowImpl implements UncordonWorkflow {

  @Override
  public String uncordon(UncordonRequest request) {
    kube(BosunActivityOptions.QUICK, "uncordon " + request.node())
        .uncordon(request.cluster(), request.node());
    Workflow.upsertTypedSearchAttributes(
        BosunSearchAttributes.PHASE.valueSet(Phase.COMPLETED.label()));
    String done = "uncordoned " + request.node();
    Workflow.setCurrentDetails(done);
    return done;
  }
}
