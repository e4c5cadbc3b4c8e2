package dev.bosun.cli.e2e;

import dev.bosun.workflows.WorkflowIds;
import dev.bosun.workflows.model.KubeVersion;
import dev.bosun.workflows.upgrade.NodeRow;
import dev.bosun.workflows.upgrade.NodeUpgradeWorkflow;
import dev.bosun.workflows.upgrade.RollingUpgradeWorkflow;
import dev.bosun.workflows.upgrade.UpgradeProgress;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.workflow.v1.PendingActivityInfo;
import io.temporal.api.workflowservice.v1.DescribeWorkflowExecutionRequest;
import io.temporal.client.WorkflowNotFoundException;
import java.util.List;

/** What a running upgrade says about itself: the progress query, a node's child, its pending activities. */
final class Upgrades {

  private final E2eEnvironment env;
  private final String cluster;

  Upgrades(E2eEnvironment env, String cluster) {
    this.env = env;
    this.cluster = cluster;
  }

  String id() {
    return WorkflowIds.mutation(cluster);
  }

  UpgradeProgress progress() {
    return env.client().newWorkflowStub(RollingUpgradeWorkflow.class, id()).progress();
  }

  NodeRow row(String node) {
    return progress().nodes().stream()
        .filter(r -> r.node().equals(node))
        .findFirst()
        .orElseThrow();
  }

  String childId(String node) {
    return WorkflowIds.nodeUpgrade(cluster, KubeVersion.parse(E2eLab.TARGET), node, 1);
  }

  /** The node's child workflow has been started. */
  boolean childStarted(String node) {
    try {
      env.client().newUntypedWorkflowStub(childId(node)).describe();
      return true;
    } catch (WorkflowNotFoundException e) {
      return false;
    }
  }

  /** The child's own row (its current step and note). */
  NodeRow childRow(String node) {
    return env.client()
        .newWorkflowStub(NodeUpgradeWorkflow.class, childId(node))
        .progress();
  }

  /** Activities the node's child has scheduled or started and not finished. */
  List<PendingActivityInfo> pendingActivities(String node) {
    return env.stubs()
        .blockingStub()
        .describeWorkflowExecution(DescribeWorkflowExecutionRequest.newBuilder()
            .setNamespace(env.backend().namespace())
            .setExecution(WorkflowExecution.newBuilder().setWorkflowId(childId(node)))
            .build())
        .getPendingActivitiesList();
  }
}
