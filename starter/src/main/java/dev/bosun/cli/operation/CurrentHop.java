package dev.bosun.cli.operation;

import dev.bosun.workflows.WorkflowNames;
import io.temporal.client.WorkflowClient;

/**
 * Where an operator's command for an upgrade goes: a minor-version chain's running hop (its failed node, gate or pause
 * is there), else the operation itself. The chain answers its {@code current-hop} query from the one place that knows
 * the running hop; any other operation (a drain, an upgrade from before chains, a chain between hops) keeps the ID.
 */
public final class CurrentHop {

  private CurrentHop() {}

  public static String route(WorkflowClient client, String workflowId) {
    try {
      String hop =
          client.newUntypedWorkflowStub(workflowId).query(WorkflowNames.CURRENT_HOP, String.class);
      return hop == null || hop.isBlank() ? workflowId : hop;
    } catch (RuntimeException e) {
      return workflowId; // no such query (not an upgrade), or nothing running: the command says why
    }
  }
}
