package dev.bosun.workflows.upgrade;

import dev.bosun.workflows.BosunSearchAttributes;
import dev.bosun.workflows.WorkflowFailures;
import io.temporal.api.enums.v1.ParentClosePolicy;
import io.temporal.common.SearchAttributes;
import io.temporal.failure.ChildWorkflowFailure;
import io.temporal.workflow.ChildWorkflowCancellationType;
import io.temporal.workflow.ChildWorkflowOptions;

/**
 * What an upgrade's children (a node's NodeUpgrade, a chain's hop) share: their options (a cancellation waits for the
 * child to compensate, and a closing parent cancels its children) and how a child's failure reads.
 */
final class UpgradeChildren {

  private UpgradeChildren() {}

  static ChildWorkflowOptions options(
      String workflowId, String summary, String cluster, String operation, String target) {
    return ChildWorkflowOptions.newBuilder()
        .setWorkflowId(workflowId)
        .setStaticSummary(summary)
        .setTypedSearchAttributes(SearchAttributes.newBuilder()
            .set(BosunSearchAttributes.CLUSTER, cluster)
            .set(BosunSearchAttributes.OPERATION, operation)
            .set(BosunSearchAttributes.TARGET_VERSION, target)
            .build())
        .setCancellationType(ChildWorkflowCancellationType.WAIT_CANCELLATION_COMPLETED)
        .setParentClosePolicy(ParentClosePolicy.PARENT_CLOSE_POLICY_REQUEST_CANCEL)
        .build();
  }

  /** A child that failed, in one line: its own failure, not the wrapper's "child workflow failed". */
  static String describe(ChildWorkflowFailure failure) {
    return WorkflowFailures.describe(failure.getCause() != null ? failure.getCause() : failure);
  }
}
