package dev.bosun.cli.operation;

import dev.bosun.workflows.Operations;
import dev.bosun.workflows.Phase;
import dev.bosun.workflows.WorkflowIds;
import dev.bosun.workflows.WorkflowNames;
import dev.bosun.workflows.model.Durations;
import dev.bosun.workflows.model.Inventory;
import dev.bosun.workflows.model.KubeVersion;
import dev.bosun.workflows.model.UpgradeSpec;
import dev.bosun.workflows.upgrade.ChainProgress;
import dev.bosun.workflows.upgrade.HopReport;
import dev.bosun.workflows.upgrade.NodeFailure;
import dev.bosun.workflows.upgrade.NodeReport;
import dev.bosun.workflows.upgrade.NodeRow;
import dev.bosun.workflows.upgrade.UpgradeProgress;
import dev.bosun.workflows.upgrade.UpgradeReport;
import dev.bosun.workflows.upgrade.UpgradeRequest;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowFailedException;
import io.temporal.failure.CanceledFailure;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;

/** A rolling upgrade (RollingUpgrade workflow): how it starts, its live rows and its final report. */
public final class UpgradeOperation implements OperationKind<UpgradeReport> {

  private final Inventory inventory;
  private final KubeVersion target;
  private final UpgradeSpec options;
  private final Follow follow = new Follow();

  public UpgradeOperation(Inventory inventory, KubeVersion target, UpgradeSpec options) {
    this.inventory = inventory;
    this.target = target;
    this.options = options;
  }

  @Override
  public Mutation mutation() {
    String summary =
        "Upgrade " + inventory.cluster() + " " + inventory.kubernetes().version() + " → " + target
            + " (" + count(inventory.controlPlanes().size(), "control plane") + ", "
            + count(inventory.workers().size(), "worker") + ")";
    String details = "bosun upgrade --to " + target + "\n\n"
        + "- maxUnavailable: " + options.maxUnavailable() + "\n"
        + "- onNodeFailure: " + options.onNodeFailure() + "\n"
        + "- approval: " + options.approval() + "\n"
        + "- maxFailedNodes: " + options.maxFailedNodes() + "\n"
        + "- etcdSnapshot: " + options.etcdSnapshot() + "\n"
        + "- drain timeout: " + Durations.format(options.drain().timeout()) + "\n";
    return new Mutation(
        inventory.cluster(),
        WorkflowNames.ROLLING_UPGRADE,
        Operations.UPGRADE,
        summary,
        details,
        target.toString(),
        inventory.nodes().size());
  }

  @Override
  public Object input() {
    return UpgradeRequest.fresh(inventory, target, options);
  }

  @Override
  public Class<UpgradeReport> resultType() {
    return follow.resultType();
  }

  @Override
  public LiveState poll(WorkflowClient client, String workflowId) {
    return follow.poll(client, workflowId);
  }

  @Override
  public UpgradeReport reportOf(
      WorkflowClient client, String workflowId, WorkflowFailedException failure) {
    return follow.reportOf(client, workflowId, failure);
  }

  @Override
  public int exitCode(UpgradeReport report) {
    return follow.exitCode(report);
  }

  @Override
  public void print(UpgradeReport report, PrintWriter out) {
    follow.print(report, out);
  }

  /** Following any RollingUpgrade: needs nothing but the server. */
  public static final class Follow implements Followed<UpgradeReport> {

    @Override
    public Class<UpgradeReport> resultType() {
      return UpgradeReport.class;
    }

    @Override
    public LiveState poll(WorkflowClient client, String workflowId) {
      UpgradeProgress p = client
          .newUntypedWorkflowStub(workflowId)
          .query(WorkflowNames.PROGRESS, UpgradeProgress.class);
      return p.chain() == null ? state(client, p) : chainState(client, p);
    }

    @Override
    public UpgradeReport reportOf(
        WorkflowClient client, String workflowId, WorkflowFailedException failure) {
      if (!(failure.getCause() instanceof CanceledFailure)) {
        return null; // a refused preflight carries findings, not a report; its message lists every
        // blocker
      }
      try { // a cancelled upgrade wrote its report before it ended
        return client
            .newUntypedWorkflowStub(workflowId)
            .query(WorkflowNames.REPORT, UpgradeReport.class);
      } catch (RuntimeException e) {
        return null; // a run from before the report query, or no worker to answer: the failure says
        // cancelled
      }
    }

    @Override
    public int exitCode(UpgradeReport report) {
      return Phase.COMPLETED.equals(report.outcome()) ? 0 : 1;
    }

    @Override
    public void print(UpgradeReport r, PrintWriter out) {
      printReport(r, out);
    }
  }

  /** The live state of an upgrade: the parent's rows, with the current step of running nodes from their child. */
  public static LiveState state(WorkflowClient client, UpgradeProgress p) {
    List<NodeRow> rows = new ArrayList<>();
    for (NodeRow r : p.nodes()) {
      rows.add("running".equals(r.state()) ? withChildStep(client, p, r) : r);
    }
    String title = "Upgrade " + p.cluster() + " " + p.from() + " → " + p.target();
    return new LiveState(title, p.phase() == null ? null : p.phase().label(), rows, waiting(p));
  }

  /**
   * A minor-version chain: its running hop's nodes under "hop 2 of 2: v1.31.9 → v1.32.4"; between hops (planning,
   * paused, ended) the chain's own line.
   */
  private static LiveState chainState(WorkflowClient client, UpgradeProgress chain) {
    ChainProgress c = chain.chain();
    String title = "Upgrade " + chain.cluster() + " " + chain.from() + " → " + chain.target();
    if (c.currentWorkflowId() != null) {
      try {
        UpgradeProgress hop = client
            .newUntypedWorkflowStub(c.currentWorkflowId())
            .query(WorkflowNames.PROGRESS, UpgradeProgress.class);
        LiveState s = state(client, hop);
        return new LiveState(title + ", " + c.currentTitle(), s.phase(), s.rows(), s.waiting());
      } catch (RuntimeException e) {
        // the hop has not answered yet: the chain's own line
      }
    }
    String hops = c.hops().isEmpty()
        ? ""
        : ", " + c.finished().size() + " of " + c.hops().size() + " hops done";
    return new LiveState(
        title + hops,
        chain.phase() == null ? null : chain.phase().label(),
        List.of(),
        waiting(chain));
  }

  private static NodeRow withChildStep(WorkflowClient client, UpgradeProgress p, NodeRow r) {
    try {
      String child =
          WorkflowIds.nodeUpgrade(p.cluster(), KubeVersion.parse(p.target()), r.node(), 1);
      NodeRow c = client.newUntypedWorkflowStub(child).query(WorkflowNames.PROGRESS, NodeRow.class);
      return new NodeRow(
          r.node(),
          r.role(),
          r.from(),
          r.to(),
          r.state(),
          c.step(),
          c.detail(),
          r.startedAtMillis(),
          0);
    } catch (RuntimeException e) {
      return r; // the child has not started yet
    }
  }

  private static LiveState.Waiting waiting(UpgradeProgress p) {
    NodeFailure f = p.awaiting();
    if (f != null && Phase.AWAITING_OPERATOR.equals(p.phase())) {
      return new LiveState.Waiting(
          LiveState.Waiting.OPERATOR,
          f.node(),
          f.node() + " failed at " + f.step() + " (attempt " + f.attempt() + "): " + f.error());
    }
    if (p.gate() != null) {
      return new LiveState.Waiting(
          LiveState.Waiting.APPROVAL, null, "approval gate " + p.gate() + " is open");
    }
    if (p.window() != null && Phase.WAITING_FOR_WINDOW.equals(p.phase())) {
      // without "in 5h 12m": a wait is shown once, not again each minute (bosun status says how
      // long)
      return new LiveState.Waiting(
          LiveState.Waiting.WINDOW,
          null,
          "waiting for window (opens " + p.window().opens() + ")");
    }
    if (p.paused()) {
      return new LiveState.Waiting(
          LiveState.Waiting.PAUSED,
          null,
          "paused" + (p.pauseReason() == null ? "" : ": " + p.pauseReason()));
    }
    return null;
  }

  /** The final report: outcome line, then node | role | from | to | status | duration, then compensations. */
  public static void printReport(UpgradeReport r, PrintWriter out) {
    out.println();
    out.println("Upgrade " + r.cluster() + " " + r.from() + " → " + r.target() + ": " + r.outcome()
        + (r.reason() == null ? "" : " (" + r.reason() + ")") + " in "
        + LiveView.seconds(r.durationMillis()));
    printHops(r, out);
    String format = "%-12s %-13s %-9s %-9s %-18s %9s";
    out.println(String.format(format, "NODE", "ROLE", "FROM", "TO", "STATUS", "DURATION"));
    for (NodeReport n : r.nodes()) {
      out.println(String.format(
          format,
          n.node(),
          n.role(),
          nz(n.from()),
          nz(n.version()),
          n.status(),
          n.durationMillis() > 0 ? LiveView.seconds(n.durationMillis()) : "-"));
    }
    for (NodeReport n : r.nodes()) {
      if (n.error() != null) {
        out.println(n.node() + ": failed at " + nz(n.failedStep()) + ": " + n.error()
            + (n.compensation() == null ? "" : "; compensation: " + n.compensation()));
      }
      if (n.note() != null) {
        out.println(n.node() + ": note: " + n.note());
      }
    }
    if (r.snapshot() != null) {
      out.println(
          "etcd snapshot" + (r.hops() == null ? "" : " before hop 1 (the chain's restore point)")
              + ": " + r.snapshot().node() + ":" + r.snapshot().path()
              + " (revision " + r.snapshot().revision() + ")");
    }
    r.compensations().forEach(c -> out.println("compensation: " + c));
    out.flush();
  }

  /** A chain's hops, one line each: from → to, outcome, nodes, etcd snapshot, duration (the table is the last hop's). */
  private static void printHops(UpgradeReport r, PrintWriter out) {
    if (r.hops() == null || r.hops().isEmpty()) {
      return;
    }
    String format = "%-5s %-9s %-9s %-10s %5s  %-9s %s";
    out.println(
        String.format(format, "HOP", "FROM", "TO", "RESULT", "NODES", "DURATION", "ETCD SNAPSHOT"));
    for (HopReport h : r.hops()) {
      out.println(String.format(
          format,
          h.index(),
          h.from(),
          h.to(),
          h.outcome(),
          h.nodes(),
          LiveView.seconds(h.durationMillis()),
          h.snapshot() == null ? "-" : h.snapshot().node() + ":" + h.snapshot().path()));
    }
    out.println(
        "nodes at the end (last hop " + r.hops().get(r.hops().size() - 1).from() + " → "
            + r.hops().get(r.hops().size() - 1).to() + "):");
  }

  public static String count(int n, String noun) {
    return n + " " + noun + (n == 1 ? "" : "s");
  }

  private static String nz(String s) {
    return s == null ? "-" : s;
  }
}
