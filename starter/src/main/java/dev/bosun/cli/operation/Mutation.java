package dev.bosun.cli.operation;

import dev.bosun.workflows.BosunSearchAttributes;
import dev.bosun.workflows.Phase;
import dev.bosun.workflows.WorkflowIds;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.temporal.api.enums.v1.WorkflowIdConflictPolicy;
import io.temporal.api.enums.v1.WorkflowIdReusePolicy;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowExecutionAlreadyStarted;
import io.temporal.client.WorkflowExecutionDescription;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.common.SearchAttributes;

/**
 * A mutating operation on a cluster, started under the cluster's one workflow ID ({@code bosun:<cluster>}):
 * Temporal's workflow-ID uniqueness is the per-cluster lock. A second start while one runs fails
 * ({@link WorkflowIdConflictPolicy#WORKFLOW_ID_CONFLICT_POLICY_FAIL}); once it has closed, a new run may
 * take the ID ({@link WorkflowIdReusePolicy#WORKFLOW_ID_REUSE_POLICY_ALLOW_DUPLICATE}).
 *
 * @param workflowType the workflow type name (RollingUpgrade, NodeDrain, Uncordon)
 * @param operation the BosunOperation value
 * @param summary one line for the UI's list and for "cluster busy" messages
 * @param details what was asked, as the operator wrote it (markdown in the UI)
 * @param targetVersion the BosunTargetVersion value ("" when the operation has none)
 */
public record Mutation(
    String cluster,
    String workflowType,
    String operation,
    String summary,
    String details,
    String targetVersion,
    int nodesTotal) {

  public String workflowId() {
    return WorkflowIds.mutation(cluster);
  }

  /**
   * Starts it.
   *
   * @throws ClusterBusyException another operation runs on the cluster; the message names it
   */
  public WorkflowStub start(WorkflowClient client, String taskQueue, Object input) {
    refuseWhileAScheduledRunIsRunning(client);
    WorkflowOptions options = WorkflowOptions.newBuilder(options(taskQueue))
        .setWorkflowIdConflictPolicy(WorkflowIdConflictPolicy.WORKFLOW_ID_CONFLICT_POLICY_FAIL)
        .setWorkflowIdReusePolicy(WorkflowIdReusePolicy.WORKFLOW_ID_REUSE_POLICY_ALLOW_DUPLICATE)
        .build();
    WorkflowStub stub = client.newUntypedWorkflowStub(workflowType, options);
    try {
      stub.start(input);
      return stub;
    } catch (WorkflowExecutionAlreadyStarted e) {
      throw new ClusterBusyException(busy(client, cluster, workflowId()));
    }
  }

  /**
   * How every run of it starts, by hand or from a schedule: its ID, queue, summary and search attributes. A
   * schedule's runs take this ID with the fire time appended ({@code bosun:lab1-2026-12-06T03:00:00Z}).
   */
  public WorkflowOptions options(String taskQueue) {
    return WorkflowOptions.newBuilder()
        .setWorkflowId(workflowId())
        .setTaskQueue(taskQueue)
        .setStaticSummary(summary)
        .setStaticDetails(details)
        .setTypedSearchAttributes(SearchAttributes.newBuilder()
            .set(BosunSearchAttributes.CLUSTER, cluster)
            .set(BosunSearchAttributes.OPERATION, operation)
            .set(BosunSearchAttributes.TARGET_VERSION, targetVersion)
            .set(BosunSearchAttributes.PHASE, Phase.PREFLIGHT.label())
            .set(BosunSearchAttributes.NODES_DONE, 0L)
            .set(BosunSearchAttributes.NODES_TOTAL, (long) nodesTotal)
            .build())
        .build();
  }

  /**
   * A scheduled run does not hold {@code bosun:<cluster>} (its ID carries the fire time), so ID uniqueness
   * cannot refuse this start: the running scheduled runs of the cluster are looked up instead. A server
   * without visibility queries (the embedded test server) has no schedules either.
   */
  private void refuseWhileAScheduledRunIsRunning(WorkflowClient client) {
    String scheduledPrefix = workflowId() + "-";
    java.util.Optional<String> running;
    try {
      running = client
          .listExecutions("BosunCluster='" + cluster + "' AND ExecutionStatus='Running'")
          .map(e -> e.getExecution().getWorkflowId())
          .filter(id -> id.startsWith(scheduledPrefix))
          .findFirst();
    } catch (StatusRuntimeException e) {
      if (e.getStatus().getCode() == Status.Code.UNIMPLEMENTED) {
        return;
      }
      throw e;
    }
    if (running.isPresent()) {
      throw new ClusterBusyException(busy(client, cluster, running.get()));
    }
  }

  /** "cluster lab1 is busy: RollingUpgrade bosun:lab1 (run …) "Upgrade lab1 …", started …" */
  static String busy(WorkflowClient client, String cluster, String workflowId) {
    StringBuilder sb = new StringBuilder("cluster ").append(cluster).append(" is busy: ");
    try {
      WorkflowExecutionDescription d = client.newUntypedWorkflowStub(workflowId).describe();
      String what = d.getStaticSummary() != null && !d.getStaticSummary().isBlank()
          ? d.getStaticSummary()
          : d.getTypedSearchAttributes().get(BosunSearchAttributes.OPERATION);
      sb.append(d.getWorkflowType())
          .append(' ')
          .append(workflowId)
          .append(" (run ")
          .append(d.getExecution().getRunId())
          .append(')')
          .append(" \"")
          .append(what)
          .append('"')
          .append(", started ")
          .append(d.getStartTime());
    } catch (RuntimeException e) {
      sb.append("workflow ").append(workflowId).append(" is running");
    }
    return sb.append("; one operation per cluster: watch it with 'bosun watch ")
        .append(workflowId)
        .append("', or end it first (bosun abort ")
        .append(
            workflowId.equals(WorkflowIds.mutation(cluster)) ? "--cluster " + cluster : workflowId)
        .append(")")
        .toString();
  }
}
