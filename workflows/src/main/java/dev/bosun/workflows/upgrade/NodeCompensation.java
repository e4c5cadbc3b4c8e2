package dev.bosun.workflows.upgrade;

import static dev.bosun.workflows.WorkflowFailures.describe;

import io.temporal.workflow.Saga;
import io.temporal.workflow.Workflow;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * What undoes one node's upgrade so far: a saga run in order whose steps say what they did. A failed
 * undo is recorded, not thrown, so the steps after it still run; the node then ends failed rather than
 * rolled back.
 */
final class NodeCompensation {

  private final Saga saga = new Saga(new Saga.Options.Builder()
      .setParallelCompensation(false)
      .setContinueWithError(true)
      .build());
  private final List<String> done = new ArrayList<>();
  private final String node;
  private boolean failed;
  private boolean compensated;

  NodeCompensation(String node) {
    this.node = node;
  }

  /** Registers a compensation that records what it did and whether it worked, and never throws. */
  void add(Supplier<String> undo) {
    saga.addCompensation(() -> {
      try {
        done.add(undo.get() + ": ok");
      } catch (RuntimeException e) {
        failed = true;
        done.add("compensation failed on " + node + ": " + describe(e));
      }
    });
  }

  /** Whether an undo failed: the node is left as the failure found it, not rolled back. */
  boolean failed() {
    return failed;
  }

  /**
   * Compensates, once ({@code beforeFirst} runs just before), in a scope a cancellation does not reach:
   * a cancel arriving mid-way must not cut the undo short. Returns what was undone.
   */
  String runDetached(Runnable beforeFirst) {
    String[] text = new String[1];
    Workflow.newDetachedCancellationScope(() -> {
          text[0] = compensate(beforeFirst);
        })
        .run();
    return text[0];
  }

  private String compensate(Runnable beforeFirst) {
    if (!compensated) { // once: a cancellation after a skip must not undo twice
      compensated = true;
      beforeFirst.run();
      saga.compensate();
    }
    return done.isEmpty() ? "nothing to undo" : String.join("; ", done);
  }
}
