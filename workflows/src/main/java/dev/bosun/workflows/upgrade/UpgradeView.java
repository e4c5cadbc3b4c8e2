package dev.bosun.workflows.upgrade;

import dev.bosun.workflows.BosunSearchAttributes;
import dev.bosun.workflows.Phase;
import dev.bosun.workflows.model.Inventory;
import dev.bosun.workflows.model.KubeVersion;
import dev.bosun.workflows.model.NodeRole;
import dev.bosun.workflows.model.NodeSpec;
import io.temporal.workflow.Workflow;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What an operator sees of a rolling upgrade, in one place: BosunPhase and the node counts (search
 * attributes, changed per phase and batch only, to keep the history small), one row per node (the
 * progress query, {@code bosun watch}), the headline and the node table of the current details (the UI).
 * It also keeps each node's outcome as it is known, since the rows are drawn from them.
 */
final class UpgradeView {

  private final OperatorUpdates operator;
  private Inventory inventory;
  private KubeVersion target;
  private String from;
  private Phase phase = Phase.PREFLIGHT;
  private final Map<String, NodeRow> rows = new LinkedHashMap<>();
  private final Map<String, NodeReport> finished = new LinkedHashMap<>();
  private List<PreflightFinding> findings = List.of();

  UpgradeView(OperatorUpdates operator) {
    this.operator = operator;
  }

  void begin(Inventory inventory, KubeVersion target) {
    this.inventory = inventory;
    this.target = target;
  }

  void from(String from) {
    this.from = from;
  }

  String from() {
    return from;
  }

  void findings(List<PreflightFinding> findings) {
    this.findings = findings;
  }

  List<PreflightFinding> findings() {
    return findings;
  }

  // ---- the phase ----

  /** Sets BosunPhase and the node counts ({@code done} of every node in the inventory). */
  void phase(Phase p, int done) {
    phase = p;
    Workflow.upsertTypedSearchAttributes(
        BosunSearchAttributes.PHASE.valueSet(p.label()),
        BosunSearchAttributes.NODES_DONE.valueSet((long) done),
        BosunSearchAttributes.NODES_TOTAL.valueSet((long) inventory.nodes().size()));
  }

  Phase phase() {
    return phase;
  }

  boolean ended() {
    return phase.ended();
  }

  // ---- the nodes ----

  void pending(String n, String version) {
    NodeSpec spec = inventory.node(n);
    rows.put(
        n,
        new NodeRow(
            n,
            spec.role(),
            version,
            target.toString(),
            NodeStatus.PENDING.label(),
            null,
            null,
            0,
            0));
  }

  void running(String n, NodeRole role, KubeVersion nodeFrom) {
    rows.put(
        n,
        new NodeRow(
            n,
            role,
            nodeFrom.toString(),
            target.toString(),
            NodeStatus.RUNNING.label(),
            null,
            null,
            Workflow.currentTimeMillis(),
            0));
  }

  /** The node's outcome is known: its row shows it, with the node's own start and end. */
  void finished(NodeReport r) {
    finished.put(r.node(), r);
    reported(r);
  }

  /**
   * The final report's word on a node (its version as read at the end). A row that already ended keeps
   * its end: the live view's ELAPSED of a finished node is its own duration, not the time to the report.
   */
  void reported(NodeReport r) {
    NodeRow before = rows.get(r.node());
    String note =
        r.error() != null ? r.error() : r.compensation() != null ? r.compensation() : r.note();
    long end = before != null && before.finishedAtMillis() > 0
        ? before.finishedAtMillis()
        : Workflow.currentTimeMillis();
    rows.put(
        r.node(),
        new NodeRow(
            r.node(),
            r.role(),
            r.from(),
            target.toString(),
            r.status().label(),
            r.failedStep(),
            note,
            before == null ? 0 : before.startedAtMillis(),
            end));
  }

  void cancelled(String n, NodeRole role, KubeVersion nodeFrom) {
    NodeRow r = rows.get(n);
    rows.put(
        n,
        new NodeRow(
            n,
            role,
            nodeFrom.toString(),
            target.toString(),
            NodeStatus.CANCELLED.label(),
            r == null ? null : r.step(),
            "cancelled: its node workflow compensated it before closing",
            r == null ? 0 : r.startedAtMillis(),
            Workflow.currentTimeMillis()));
  }

  void awaitingOperator(NodeFailure failure) {
    NodeRow r = rows.get(failure.node());
    if (r != null) {
      rows.put(
          failure.node(),
          new NodeRow(
              r.node(),
              r.role(),
              r.from(),
              r.to(),
              NodeStatus.AWAITING_OPERATOR.label(),
              failure.step(),
              failure.error(),
              r.startedAtMillis(),
              0));
    }
  }

  NodeReport outcome(String n) {
    return finished.get(n);
  }

  boolean hasOutcome(String n) {
    return finished.containsKey(n);
  }

  Collection<NodeReport> outcomes() {
    return finished.values();
  }

  NodeRow row(String n) {
    return rows.get(n);
  }

  List<NodeRow> rows() {
    return List.copyOf(rows.values());
  }

  /** Nodes whose outcome is known (BosunNodesDone while running). */
  int finishedCount() {
    return finished.size();
  }

  /** Nodes at the target (upgraded or already there). */
  int doneCount() {
    return (int) finished.values().stream().filter(r -> r.status().atTarget()).count();
  }

  // ---- the text ----

  void details(String text) {
    Workflow.setCurrentDetails(NodeTable.render(text, rows.values()));
  }

  String headline() {
    int failed = operator.failedNodes();
    String abort = operator.abortReason();
    return "Upgrade " + inventory.cluster() + " " + from + " → " + target + ": " + phase + ", "
        + doneCount() + "/" + rows.size() + " nodes done"
        + (failed > 0 ? ", " + failed + " failed" : "")
        + (abort != null ? " (aborting: " + abort + ")" : "");
  }
}
