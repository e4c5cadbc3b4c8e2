package dev.bosun.cli.command;

import dev.bosun.workflows.WorkflowIds;
import dev.bosun.workflows.rules.Syntax;
import picocli.CommandLine.Option;

/** Which running operation a command means: {@code --cluster C} (its workflow ID is bosun:C) or a workflow ID. */
public final class OperationTarget {

  @Option(
      names = {"-c", "--cluster"},
      paramLabel = "CLUSTER",
      description = "The cluster whose running operation is meant (workflow ID bosun:CLUSTER).")
  String cluster;

  /** The workflow ID from {@code --cluster} or the positional {@code id} (exactly one of them). */
  String workflowId(String id) {
    if ((cluster == null) == (id == null)) {
      throw new IllegalArgumentException(
          "name the operation: --cluster CLUSTER or its workflow ID (e.g. bosun:lab1), not both");
    }
    // checked before any server is asked: an ID or a name lands in the server's logs and in errors
    if (id != null && !Syntax.isWorkflowId(id)) {
      throw new IllegalArgumentException(
          "ID is not a Bosun workflow ID: letters, digits and :._/- (e.g. bosun:lab1), at most 255 characters");
    }
    return id != null ? id : WorkflowIds.mutation(Flags.cluster(cluster));
  }
}
