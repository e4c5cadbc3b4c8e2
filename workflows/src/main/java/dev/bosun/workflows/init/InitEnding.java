package dev.bosun.workflows.init;

import dev.bosun.workflows.model.KubeVersion;
import io.temporal.workflow.Workflow;
import java.util.ArrayList;
import java.util.List;

/** How an init ends: its report when built (with what the operator skipped), or every undo run when aborted. */
final class InitEnding {

  private final InitView view;
  private final InitOperator operator;
  private final Compensations compensations;
  private final Hypervisors hypervisors;
  private final EtcdClients etcdClients;

  InitEnding(
      InitView view,
      InitOperator operator,
      Compensations compensations,
      Hypervisors hypervisors,
      EtcdClients etcdClients) {
    this.view = view;
    this.operator = operator;
    this.compensations = compensations;
    this.hypervisors = hypervisors;
    this.etcdClients = etcdClients;
  }

  InitReport finish(String cluster, KubeVersion version, String endpoint, long startedAt) {
    Workflow.await(Workflow::isEveryHandlerFinished);
    List<String> notes = new ArrayList<>(hypervisors.notes());
    notes.add("API server at " + endpoint);
    notes.addAll(etcdClients.notes());
    operator
        .skippedNodes()
        .forEach(n -> notes.add(n + " skipped by the operator: " + view.row(n).detail()));
    notes.addAll(compensations.done());
    boolean complete = operator.skippedNodes().isEmpty();
    String outcome = complete ? InitReport.SUCCEEDED : InitReport.FAILED;
    view.phase(
        complete ? InitPhase.DONE : InitPhase.FAILED,
        complete
            ? "**Done**: every node is Ready at " + version
            : "**Built without " + String.join(", ", operator.skippedNodes())
                + "**: skipped by the operator");
    return new InitReport(
        cluster, outcome, view.rows(), notes, Workflow.currentTimeMillis() - startedAt);
  }

  /** Abort: every registered undo, newest first (joined nodes reset, created VMs destroyed; adopted VMs untouched). */
  InitReport undoEverything(String cluster, String reason, long startedAt) {
    view.phase(
        InitPhase.COMPENSATING,
        "**Aborting**: " + reason + "; undoing every step in reverse order");
    for (String node : compensations.nodes()) {
      view.status(node, InitView.COMPENSATING, "undoing");
    }
    compensations.undoAll();
    view.undone(compensations.failedNodes());
    Workflow.await(Workflow::isEveryHandlerFinished);
    List<String> notes = new ArrayList<>(List.of(reason));
    notes.addAll(compensations.done());
    if (compensations.failed()) {
      notes.add("some undo failed: what it names may be left behind");
    }
    view.phase(
        InitPhase.ABORTED,
        "**Aborted**: " + reason
            + (compensations.failed()
                ? " (an undo failed: see the report)"
                : ", everything undone"));
    return new InitReport(
        cluster, InitReport.ABORTED, view.rows(), notes, Workflow.currentTimeMillis() - startedAt);
  }
}
