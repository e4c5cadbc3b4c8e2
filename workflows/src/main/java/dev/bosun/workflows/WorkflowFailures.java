package dev.bosun.workflows;

import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;
import io.temporal.failure.CanceledFailure;
import io.temporal.workflow.CancellationScope;

/** How workflow code reads a failure: was it a cancellation, and what does it say in one line. */
public final class WorkflowFailures {

  private WorkflowFailures() {}

  /** True when the scope is being cancelled or the failure is (or wraps) a cancellation. */
  public static boolean cancelled(Throwable e) {
    if (CancellationScope.current().isCancelRequested()) {
      return true;
    }
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof CanceledFailure) {
        return true;
      }
    }
    return false;
  }

  /** The failure in one line: the activity's own message, not the wrapper's. */
  public static String describe(Throwable e) {
    Throwable t = e;
    while (t instanceof ActivityFailure && t.getCause() != null) {
      t = t.getCause();
    }
    if (t instanceof ApplicationFailure af) {
      return af.getOriginalMessage() + " (" + af.getType() + ")";
    }
    return t.getMessage();
  }
}
