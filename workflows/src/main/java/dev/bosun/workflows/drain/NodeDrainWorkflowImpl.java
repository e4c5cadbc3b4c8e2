package dev.bosun.workflows.drain;

import dev.bosun.workflows.BosunSearchAttributes;
import dev.bosun.workflows.Phase;
import io.temporal.failure.ApplicationFailure;
import io.temporal.failure.CanceledFailure;
import io.temporal.workflow.Saga;
import io.temporal.workflow.Workflow;
import java.util.List;

/**
 * Drains one node (see {@link NodeDrainWorkflow}). A refused plan or a timeout fails the workflow with
 * the {@link DrainReport} as the failure's details, after the node was uncordoned (if Bosun cordoned it).
 */
public class NodeDrainWorkflowImpl implements NodeDrainWorkflow {

  private DrainProcedure procedure;

  @Override
  public DrainReport drain(DrainRequest request) {
    DrainValidation.validate(request); // before the cordon: bad input never touches the cluster
    Saga saga = new Saga(new Saga.Options.Builder()
        .setParallelCompensation(false)
        .setContinueWithError(true)
        .build());
    procedure = new DrainProcedure(
        request.cluster(),
        request.node(),
        request.options(),
        null,
        p -> Workflow.setCurrentDetails(DrainText.details(p, procedure.remaining())));
    Workflow.upsertTypedSearchAttributes(
        BosunSearchAttributes.PHASE.valueSet(Phase.DRAINING.label()));
    DrainReport report;
    try {
      report = procedure.run(saga);
    } catch (CanceledFailure e) {
      Workflow.newDetachedCancellationScope(saga::compensate).run();
      throw e;
    } catch (RuntimeException e) {
      Workflow.newDetachedCancellationScope(saga::compensate).run();
      Workflow.upsertTypedSearchAttributes(
          BosunSearchAttributes.PHASE.valueSet(Phase.FAILED.label()));
      throw e;
    }
    if (report.outcome() == DrainOutcome.DRAINED) {
      Workflow.upsertTypedSearchAttributes(
          BosunSearchAttributes.PHASE.valueSet(Phase.COMPLETED.label()));
      return report;
    }
    boolean uncordon = !report.wasCordoned();
    Workflow.newDetachedCancellationScope(saga::compensate).run();
    DrainReport failed = withUncordoned(report, uncordon);
    Workflow.setCurrentDetails(DrainText.report(failed));
    Workflow.upsertTypedSearchAttributes(
        BosunSearchAttributes.PHASE.valueSet(Phase.FAILED.label()));
    String type = report.outcome() == DrainOutcome.REFUSED ? "DrainRefused" : "DrainTimedOut";
    throw ApplicationFailure.newNonRetryableFailure(DrainText.report(failed), type, failed);
  }

  @Override
  public DrainProgress progress() {
    return procedure == null
        ? new DrainProgress(null, "pending", 0, 0, 0, List.of(), 0)
        : procedure.progress();
  }

  private static DrainReport withUncordoned(DrainReport r, boolean uncordoned) {
    return new DrainReport(
        r.node(),
        r.outcome(),
        r.wasCordoned(),
        r.evicted(),
        r.skipped(),
        r.blockersSeen(),
        r.remaining(),
        r.refusals(),
        uncordoned,
        r.durationMillis());
  }
}
