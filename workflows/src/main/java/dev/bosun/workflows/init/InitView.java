package dev.bosun.workflows.init;

import dev.bosun.workflows.BosunSearchAttributes;
import dev.bosun.workflows.model.Inventory;
import dev.bosun.workflows.model.NodeSpec;
import io.temporal.workflow.Workflow;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * What an operator sees of a cluster init: one {@link InitNodeRow} per node (the progress query, the report),
 * the phase (BosunPhase and the node counts as search attributes, set per phase only), and the UI's current
 * details: a headline and the node table.
 */
final class InitView {

  static final String PENDING = "pending";
  static final String CREATING = "creating";
  static final String BOOTSTRAPPING = "bootstrapping";
  static final String INITIALISING = "initialising";
  static final String JOINING = "joining";
  static final String JOINED = "joined";
  static final String READY = "ready";
  static final String FAILED = "failed";
  static final String SKIPPED = "skipped";
  static final String COMPENSATING = "compensating";
  static final String COMPENSATED = "compensated";
  static final String STOPPED = "stopped";

  private final Map<String, InitNodeRow> rows = new LinkedHashMap<>();
  private final Map<String, Long> started = new LinkedHashMap<>();
  private String cluster;
  private InitPhase phase = InitPhase.VALIDATING;
  private InitPhase resumeTo;
  private String line = "";

  void begin(Inventory inventory) {
    cluster = inventory.cluster();
    for (NodeSpec n : inventory.nodes()) {
      boolean vm = n.vm() != null;
      rows.put(
          n.name(),
          new InitNodeRow(
              n.name(),
              n.role().label(),
              vm ? Inventory.hypervisorName(n) : null,
              null,
              vm ? n.vm().arch() : null,
              n.address(),
              null,
              PENDING,
              false,
              0,
              vm ? null : "existing machine"));
    }
    phase(InitPhase.VALIDATING, "Validating the inventory");
  }

  // ---- the phase ----

  /** Sets the phase, BosunPhase and the node counts, and the headline of the details. */
  void phase(InitPhase p, String text) {
    phase = p;
    Workflow.upsertTypedSearchAttributes(
        BosunSearchAttributes.PHASE.valueSet(p.attribute()),
        BosunSearchAttributes.NODES_DONE.valueSet(readyCount()),
        BosunSearchAttributes.NODES_TOTAL.valueSet((long) rows.size()));
    details(text);
  }

  InitPhase phase() {
    return phase;
  }

  /** Waiting for the operator; {@link #operatorAnswered} goes back to the phase that was running. */
  void awaitingOperator(String text) {
    if (phase != InitPhase.AWAITING_OPERATOR) {
      resumeTo = phase;
    }
    phase(InitPhase.AWAITING_OPERATOR, text);
  }

  void operatorAnswered(String text) {
    if (phase == InitPhase.AWAITING_OPERATOR && resumeTo != null) {
      phase(resumeTo, text);
    } else {
      details(text);
    }
  }

  // ---- the nodes ----

  /** The node starts a step: its status, and its clock if this is its first. */
  void status(String node, String status, String detail) {
    started.putIfAbsent(node, Workflow.currentTimeMillis());
    update(
        node,
        r -> row(r, r.vmName(), r.arch(), r.address(), r.version(), status, r.adopted(), detail));
  }

  void vm(String node, String vmName, boolean adopted) {
    update(
        node,
        r -> row(r, vmName, r.arch(), r.address(), r.version(), r.status(), adopted, r.detail()));
  }

  void address(String node, String address) {
    update(
        node,
        r -> row(
            r, r.vmName(), r.arch(), address, r.version(), r.status(), r.adopted(), r.detail()));
  }

  void arch(String node, String arch) {
    update(
        node,
        r -> row(
            r, r.vmName(), arch, r.address(), r.version(), r.status(), r.adopted(), r.detail()));
  }

  void ready(String node, String version) {
    update(
        node,
        r -> row(r, r.vmName(), r.arch(), r.address(), version, READY, r.adopted(), r.detail()));
  }

  /** After an abort's undo: rows being undone are compensated (or failed), rows that were in flight stopped. */
  void undone(Set<String> undoFailed) {
    for (InitNodeRow r : rows()) {
      switch (r.status()) {
        case COMPENSATING ->
          status(
              r.node(),
              undoFailed.contains(r.node()) ? FAILED : COMPENSATED,
              undoFailed.contains(r.node()) ? "an undo failed: see the notes" : "undone");
        case PENDING, SKIPPED, FAILED, COMPENSATED -> {}
        default ->
          status(
              r.node(),
              STOPPED,
              r.adopted()
                  ? "stopped by the abort; its adopted VM was left as it was"
                  : "stopped by the abort");
      }
    }
  }

  InitNodeRow row(String node) {
    return rows.get(node);
  }

  List<InitNodeRow> rows() {
    return List.copyOf(rows.values());
  }

  long readyCount() {
    return rows.values().stream().filter(r -> READY.equals(r.status())).count();
  }

  /** Changes a node's row and redraws the details (not an event: the details are not in the history). */
  private void update(String node, UnaryOperator<InitNodeRow> change) {
    if (rows.computeIfPresent(node, (k, r) -> change.apply(r)) != null) {
      details(line);
    }
  }

  private InitNodeRow row(
      InitNodeRow r,
      String vmName,
      String arch,
      String address,
      String version,
      String status,
      boolean adopted,
      String detail) {
    Long since = started.get(r.node());
    long duration = since == null ? 0 : Workflow.currentTimeMillis() - since;
    return new InitNodeRow(
        r.node(),
        r.role(),
        r.hypervisor(),
        vmName,
        arch,
        address,
        version,
        status,
        adopted,
        duration,
        detail);
  }

  // ---- the text ----

  /** The UI's current details: the headline and the node table. */
  void details(String text) {
    line = text;
    StringBuilder sb = new StringBuilder("Init ")
        .append(cluster)
        .append(": ")
        .append(phase)
        .append(", ")
        .append(readyCount())
        .append('/')
        .append(rows.size())
        .append(" nodes ready\n\n")
        .append(text)
        .append("\n\n")
        .append(
            "| node | role | hypervisor | vm | arch | address | status | note |\n|---|---|---|---|---|---|---|---|\n");
    for (InitNodeRow r : rows.values()) {
      sb.append("| ")
          .append(r.node())
          .append(" | ")
          .append(r.role())
          .append(" | ")
          .append(cell(r.hypervisor()))
          .append(" | ")
          .append(cell(r.vmName()))
          .append(r.adopted() ? " (adopted)" : "")
          .append(" | ")
          .append(cell(r.arch()))
          .append(" | ")
          .append(cell(r.address()))
          .append(" | ")
          .append(r.status())
          .append(" | ")
          .append(cell(r.detail()))
          .append(" |\n");
    }
    Workflow.setCurrentDetails(sb.toString());
  }

  /** The progress query's answer. */
  InitProgress progress(String waitingNode, String failure) {
    return new InitProgress(cluster, phase.text(), line, rows(), waitingNode, failure);
  }

  private static String cell(String s) {
    return s == null ? "" : s.replace('\n', ' ').replace('|', '/');
  }
}
