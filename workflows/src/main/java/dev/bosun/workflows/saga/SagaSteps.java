package dev.bosun.workflows.saga;

import dev.bosun.workflows.Labels.Labelled;
import dev.bosun.workflows.WorkflowFailures;
import io.temporal.failure.ApplicationFailure;
import io.temporal.workflow.Workflow;

/**
 * Runs a saga's steps one at a time, each timed into its {@link StepLedger}. A step that fails runs the undo first,
 * then ends the report at that step and fails the run carrying it: {@code "<operation> failed at <step>: <reason>"}
 * ({@code <Operation>Failed}); after {@link #abort}, {@code "<operation> aborted at <step>: <reason>"}
 * ({@code <Operation>Aborted}); a cancellation ends the report and stays a cancellation.
 */
public final class SagaSteps<S extends Enum<S> & Labelled> {

  private final String operation;
  private final StepLedger<S, ?, ?> ledger;
  private final Runnable undo;
  private String abortReason;

  /**
   * @param operation the run's name in its failure ("backup", "drill"); capitalised, the failure's type prefix
   * @param undo what a failed step runs before the report ends (the compensations, in a detached scope)
   */
  public SagaSteps(String operation, StepLedger<S, ?, ?> ledger, Runnable undo) {
    this.operation = operation;
    this.ledger = ledger;
    this.undo = undo;
  }

  public void run(S step, Runnable body) {
    ledger.step(step, step.label());
    long started = Workflow.currentTimeMillis();
    try {
      body.run();
      ledger.took(step, Workflow.currentTimeMillis() - started);
    } catch (RuntimeException e) {
      ledger.took(step, Workflow.currentTimeMillis() - started);
      undo.run();
      throw failure(step, e);
    }
  }

  /** The operator's abort: the step that fails next (cancelled by the caller) reports the reason. */
  public void abort(String reason) {
    abortReason = reason;
  }

  private RuntimeException failure(S step, RuntimeException e) {
    if (abortReason != null) {
      Object report = ledger.failed(step, "aborted during " + step + ": " + abortReason);
      return ApplicationFailure.newNonRetryableFailure(
          operation + " aborted at " + step + ": " + abortReason, type("Aborted"), report);
    }
    if (WorkflowFailures.cancelled(e)) {
      ledger.failed(step, "cancelled during " + step);
      return e;
    }
    String reason = WorkflowFailures.describe(e);
    Object report = ledger.failed(step, reason);
    return ApplicationFailure.newNonRetryableFailure(
        operation + " failed at " + step + ": " + reason, type("Failed"), report);
  }

  private String type(String ending) {
    return Character.toUpperCase(operation.charAt(0)) + operation.substring(1) + ending;
  }
}
