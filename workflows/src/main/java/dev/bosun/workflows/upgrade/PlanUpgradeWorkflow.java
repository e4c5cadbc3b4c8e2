package dev.bosun.workflows.upgrade;

import dev.bosun.workflows.WorkflowNames;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/** The preflight of a rolling upgrade and its order of nodes, reading only: nothing changes anywhere. */
@WorkflowInterface
public interface PlanUpgradeWorkflow {

  @WorkflowMethod(name = WorkflowNames.PLAN_UPGRADE)
  UpgradePlanReport plan(UpgradeRequest request);
}
