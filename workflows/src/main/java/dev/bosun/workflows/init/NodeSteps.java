package dev.bosun.workflows.init;

import dev.bosun.workflows.WorkflowFailures;
import dev.bosun.workflows.activities.HypervisorErrors;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;
import io.temporal.failure.TemporalFailure;
import java.util.function.Supplier;

/**
 * One step of one node (or one hypervisor), run until it works or the operator says otherwise: a step that
 * fails after its activity's retries waits for retry (the same step again), skip (the node's steps undone, the
 * init goes on without it) or abort. A node that stops leaves its lane with {@link NodeStopped}.
 */
final class NodeSteps {

  /** Leaves a node's lane: the operator skipped it, or the init is aborting. */
  static final class NodeStopped extends RuntimeException {
    NodeStopped(String node) {
      super(node, null, false, false);
    }
  }

  private final InitView view;
  private final InitOperator operator;
  private final Compensations compensations;

  NodeSteps(InitView view, InitOperator operator, Compensations compensations) {
    this.view = view;
    this.operator = operator;
    this.compensations = compensations;
  }

  /** Runs {@code action} as {@code subject}'s {@code step}, showing {@code status} on its row while it runs. */
  <T> T run(String subject, String step, String status, Supplier<T> action) {
    while (true) {
      if (operator.aborted() || operator.skipped(subject)) {
        throw new NodeStopped(subject);
      }
      view.status(subject, status, step);
      try {
        return action.get();
      } catch (TemporalFailure e) {
        if (WorkflowFailures.cancelled(e)) {
          throw e;
        }
        if (compensations.isEmpty()) {
          refuseIfUnsuitable(
              e); // only while there is nothing to undo: later it waits for the operator like any
          // failure
        }
        String error = WorkflowFailures.describe(e);
        view.status(subject, InitView.FAILED, step + ": " + error);
        switch (operator.await(subject, step, error)) {
          case RETRY -> {}
          case SKIP -> skip(subject, step, error);
          case ABORT -> throw new NodeStopped(subject);
        }
      }
    }
  }

  private void skip(String node, String step, String error) {
    view.status(
        node,
        InitView.FAILED,
        "skipped by the operator after " + step + ": " + error + "; undoing");
    boolean undone = compensations.undoNode(node);
    view.status(
        node,
        undone ? InitView.SKIPPED : InitView.FAILED,
        "skipped after " + step + ": " + error
            + (undone ? "" : " (an undo failed: see the report's notes)"));
    throw new NodeStopped(node);
  }

  /** A hypervisor host that cannot give what the inventory asks for, before anything exists: the init fails. */
  private static void refuseIfUnsuitable(TemporalFailure e) {
    if (e instanceof ActivityFailure
        && e.getCause() instanceof ApplicationFailure af
        && HypervisorErrors.UNSUITABLE.equals(af.getType())) {
      throw ApplicationFailure.newNonRetryableFailure(
          "refusing to build the cluster, nothing was created: " + af.getOriginalMessage(),
          HypervisorErrors.UNSUITABLE);
    }
  }
}
