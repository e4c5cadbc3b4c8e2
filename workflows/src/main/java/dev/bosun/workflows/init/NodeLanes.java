package dev.bosun.workflows.init;

import dev.bosun.workflows.model.NodeSpec;
import io.temporal.failure.CanceledFailure;
import io.temporal.workflow.Async;
import io.temporal.workflow.CancellationScope;
import io.temporal.workflow.Promise;
import io.temporal.workflow.Workflow;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Runs one piece of work per node, at most {@code limit} at once, each in its own workflow thread; a node the
 * operator skipped is left out, and once the init is aborting no new node starts. Returns when every started
 * node has finished (those in flight finish their current step, so that their undo finds what they made).
 */
final class NodeLanes {

  private NodeLanes() {}

  static void run(List<NodeSpec> nodes, int limit, InitOperator operator, Consumer<NodeSpec> work) {
    CancellationScope scope = CancellationScope.current();
    List<Promise<Void>> lanes = new ArrayList<>();
    for (NodeSpec n : nodes) {
      Workflow.await(
          () -> inFlight(lanes) < limit || operator.aborted() || scope.isCancelRequested());
      if (operator.aborted() || scope.isCancelRequested()) {
        break;
      }
      if (!operator.skipped(n.name())) {
        lanes.add(Async.procedure(() -> lane(n, work)));
      }
    }
    // Every lane ends, even on a cancel (its activities are cancelled, its operator wait gives up),
    // before the undo may start.
    Workflow.await(() -> inFlight(lanes) == 0);
    lanes.forEach(Promise::get); // rethrows a lane's cancellation
    if (scope.isCancelRequested()) {
      throw new CanceledFailure("cancelled");
    }
  }

  private static void lane(NodeSpec n, Consumer<NodeSpec> work) {
    try {
      work.accept(n);
    } catch (NodeSteps.NodeStopped stopped) {
      // skipped by the operator (and undone), or the init is aborting: the lane ends here
    }
  }

  private static long inFlight(List<Promise<Void>> lanes) {
    return lanes.stream().filter(p -> !p.isCompleted()).count();
  }
}
