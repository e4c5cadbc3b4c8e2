package dev.bosun.activities.temporal;

import dev.bosun.workflows.WorkflowIds;
import dev.bosun.workflows.activities.ClusterLockActivities;
import dev.bosun.workflows.rules.Syntax;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.temporal.activity.Activity;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.client.WorkflowExecutionDescription;
import io.temporal.client.WorkflowNotFoundException;
import io.temporal.failure.ApplicationFailure;

/** Asks the worker's own Temporal client (the activity context's) whether the cluster's lock ID runs. */
public final class ClusterLockActivitiesImpl implements ClusterLockActivities {

  @Override
  public String runningOperation(String cluster) {
    if (!Syntax.isLabel(cluster)) {
      throw ApplicationFailure.newNonRetryableFailure(
          "cluster '" + cluster + "' " + Syntax.LABEL_RULE, "InvalidInput");
    }
    String id = WorkflowIds.mutation(cluster);
    WorkflowExecutionDescription d;
    try {
      d = Activity.getExecutionContext()
          .getWorkflowClient()
          .newUntypedWorkflowStub(id)
          .describe();
    } catch (WorkflowNotFoundException e) {
      return null;
    } catch (StatusRuntimeException e) {
      if (e.getStatus().getCode() == Status.Code.NOT_FOUND) {
        return null;
      }
      throw e;
    }
    if (d.getStatus() != WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING) {
      return null;
    }
    String summary = d.getStaticSummary() == null ? "" : " \"" + d.getStaticSummary() + "\"";
    return d.getWorkflowType() + " " + id + " (run " + d.getExecution().getRunId() + ")" + summary;
  }
}
