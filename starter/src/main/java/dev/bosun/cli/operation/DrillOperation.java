package dev.bosun.cli.operation;

import dev.bosun.workflows.Operations;
import dev.bosun.workflows.WorkflowNames;
import dev.bosun.workflows.drill.DrillPlan;
import dev.bosun.workflows.drill.DrillProgress;
import dev.bosun.workflows.drill.DrillReport;
import dev.bosun.workflows.drill.DrillRequest;
import dev.bosun.workflows.drill.DrillResult;
import dev.bosun.workflows.drill.DrillText;
import dev.bosun.workflows.model.Durations;
import io.temporal.client.WorkflowClient;
import java.io.PrintWriter;

/**
 * A restore drill (RestoreDrill workflow): one live row (the step running), the report at the end. {@code bosun
 * schedule} starts the same workflow through {@link #mutation()} and {@link #input()}.
 */
public final class DrillOperation implements OperationKind<DrillReport> {

  private final DrillRequest request;
  private final DrillPlan plan;
  private final Follow follow = new Follow();

  /** {@code plan}: checked by the caller before anything starts ({@link DrillPlan#of}). */
  public DrillOperation(DrillRequest request, DrillPlan plan) {
    this.request = request;
    this.plan = plan;
  }

  @Override
  public Mutation mutation() {
    String pick = request.backupName() != null
        ? request.backupName()
        : request.randomWithin() != null
            ? "a random verified backup within " + Durations.format(request.randomWithin())
            : "the latest verified backup";
    String summary = "Restore drill of " + plan.cluster() + " from " + pick;
    String details = "bosun drill\n\n- backup: " + pick
        + "\n- off-host copies: " + plan.offHost().destination() + " ("
        + plan.offHost().tool() + ")"
        + "\n- scratch cluster: " + plan.scratch().cluster() + " at "
        + plan.scratch().kubernetes().controlPlaneEndpoint() + ", "
        + plan.scratch().nodes().size() + " nodes (torn down after every drill)"
        + "\n- scratch bucket: " + plan.bucket().remote()
        + "\n- checks: " + plan.checks().size() + " from the inventory, besides phase, item counts,"
        + " sentinel and workloads\n";
    return new Mutation(
        plan.cluster(), WorkflowNames.RESTORE_DRILL, Operations.DRILL, summary, details, "", 0);
  }

  @Override
  public Object input() {
    return request;
  }

  @Override
  public Followed<DrillReport> follow() {
    return follow;
  }

  /** Following any RestoreDrill. */
  public static final class Follow implements Followed<DrillReport> {

    @Override
    public Class<DrillReport> resultType() {
      return DrillReport.class;
    }

    @Override
    public LiveState poll(WorkflowClient client, String workflowId) {
      DrillProgress p = client
          .newUntypedWorkflowStub(workflowId)
          .query(WorkflowNames.PROGRESS, DrillProgress.class);
      return LiveState.backupStep(
          "Drill", p.backupName(), p.step() == null ? null : p.step().label(), p.detail());
    }

    @Override
    public int exitCode(DrillReport report) {
      return report.result() == DrillResult.PASSED ? 0 : 1;
    }

    @Override
    public void print(DrillReport r, PrintWriter out) {
      out.println();
      out.print(DrillText.report(r));
      out.flush();
    }
  }
}
