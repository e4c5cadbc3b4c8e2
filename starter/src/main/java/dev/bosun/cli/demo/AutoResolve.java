package dev.bosun.cli.demo;

import dev.bosun.cli.operation.CurrentHop;
import dev.bosun.cli.operation.LiveState;
import dev.bosun.cli.temporal.TemporalSession;
import dev.bosun.sim.Faults;
import dev.bosun.workflows.WorkflowIds;
import dev.bosun.workflows.WorkflowNames;
import java.io.PrintWriter;

/** A demo's {@code --auto-resolve}: clear the fault and retry the waiting node, or keep it and abort. */
final class AutoResolve {

  private AutoResolve() {}

  /** @return false when there is nothing to answer (no mode, or not an operator wait): a human answers */
  static boolean answer(
      String mode,
      LiveState s,
      TemporalSession session,
      String cluster,
      Faults faults,
      PrintWriter out) {
    if (mode == null
        || s.waiting() == null
        || !LiveState.Waiting.OPERATOR.equals(s.waiting().kind())) {
      return false;
    }
    String node = s.waiting().node();
    var stub = session
        .client()
        .newUntypedWorkflowStub(CurrentHop.route(session.client(), WorkflowIds.mutation(cluster)));
    String answer;
    if ("retry".equals(mode)) {
      faults.clear();
      out.println("auto-resolve: fault cleared on " + node + "; bosun retry " + node + " --cluster "
          + cluster);
      answer = stub.update(WorkflowNames.RETRY, String.class, node);
    } else {
      out.println("auto-resolve: the fault stays; bosun abort --cluster " + cluster + " --reason '"
          + node + " keeps failing'");
      answer = stub.update(WorkflowNames.ABORT, String.class, node + " keeps failing");
    }
    out.println("workflow: " + answer);
    out.flush();
    return true;
  }
}
