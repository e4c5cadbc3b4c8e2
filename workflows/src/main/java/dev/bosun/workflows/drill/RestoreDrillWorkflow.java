package dev.bosun.workflows.drill;

import dev.bosun.workflows.WorkflowNames;
import io.temporal.workflow.QueryMethod;
import io.temporal.workflow.UpdateMethod;
import io.temporal.workflow.UpdateValidatorMethod;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/**
 * Prove a backup restores: pick a verified off-host copy, verify it again, build a scratch cluster (child
 * ClusterInit), restore the copy into a scratch bucket, install Velero there with a ReadOnly location, restore, check
 * (phase, item counts, sentinel, workloads, the inventory's checks), measure RPO and RTO, and tear the scratch
 * cluster down always. Runs under the cluster's mutation ID. A failed drill fails the workflow with the
 * {@link DrillReport} (naming the step and the reason) as the failure's details.
 */
@WorkflowInterface
public interface RestoreDrillWorkflow {

  @WorkflowMethod(name = WorkflowNames.RESTORE_DRILL)
  DrillReport drill(DrillRequest request);

  @QueryMethod(name = WorkflowNames.PROGRESS)
  DrillProgress progress();

  /** The final report once the run has ended (null before). */
  @QueryMethod(name = WorkflowNames.REPORT)
  DrillReport report();

  /** Stops the drill where it is; the scratch cluster is torn down and the report says it was aborted. */
  @UpdateMethod(name = WorkflowNames.ABORT)
  String abort(String reason);

  @UpdateValidatorMethod(updateName = WorkflowNames.ABORT)
  void validateAbort(String reason);
}
