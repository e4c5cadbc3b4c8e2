package dev.bosun.workflows.drill;

import dev.bosun.workflows.WorkflowIds;
import dev.bosun.workflows.activities.ClusterLockActivities;
import io.temporal.activity.Activity;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.client.WorkflowExecutionDescription;
import io.temporal.client.WorkflowNotFoundException;
import io.temporal.workflow.Workflow;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/**
 * The question the worker's ClusterLockActivitiesImpl (activities module, held to the dev server by
 * ScheduleDevServerTest) asks its Temporal client, asked of the test server: which run holds {@code bosun:<cluster>}.
 */
public final class TestServerClusterLock implements ClusterLockActivities {

  @Override
  public String runningOperation(String cluster) {
    String id = WorkflowIds.mutation(cluster);
    try {
      WorkflowExecutionDescription d = Activity.getExecutionContext()
          .getWorkflowClient()
          .newUntypedWorkflowStub(id)
          .describe();
      boolean running = d.getStatus() == WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING;
      return running ? d.getWorkflowType() + " " + id : null;
    } catch (WorkflowNotFoundException e) {
      return null;
    }
  }

  /** An upgrade's stand-in: holds {@code bosun:<cluster>} under the upgrade's type name until the test ends. */
  @WorkflowInterface
  public interface HeldByAnUpgrade {
    @WorkflowMethod(name = "RollingUpgrade")
    void upgrade();
  }

  public static class Upgrade implements HeldByAnUpgrade {
    @Override
    public void upgrade() {
      Workflow.await(() -> false);
    }
  }
}
