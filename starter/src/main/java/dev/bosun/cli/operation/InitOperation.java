package dev.bosun.cli.operation;

import dev.bosun.workflows.Operations;
import dev.bosun.workflows.WorkflowNames;
import dev.bosun.workflows.init.InitNodeRow;
import dev.bosun.workflows.init.InitProgress;
import dev.bosun.workflows.init.InitReport;
import dev.bosun.workflows.init.InitRequest;
import dev.bosun.workflows.model.Inventory;
import dev.bosun.workflows.model.NodeRole;
import dev.bosun.workflows.model.NodeSpec;
import dev.bosun.workflows.upgrade.NodeRow;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowFailedException;
import java.io.PrintWriter;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Building a cluster (ClusterInit workflow): how it starts, its live rows and its final report. */
public final class InitOperation implements OperationKind<InitReport> {

  private final Inventory inventory;
  private final Follow follow = new Follow();

  public InitOperation(Inventory inventory) {
    this.inventory = inventory;
  }

  @Override
  public Mutation mutation() {
    Map<String, Integer> vms = new TreeMap<>();
    for (NodeSpec n : inventory.vmNodes()) {
      vms.merge(Inventory.hypervisorName(n), 1, Integer::sum);
    }
    String summary =
        "Init " + inventory.cluster() + " " + inventory.kubernetes().version() + " ("
            + UpgradeOperation.count(inventory.controlPlanes().size(), "control plane") + ", "
            + UpgradeOperation.count(inventory.workers().size(), "worker") + ")";
    StringBuilder details = new StringBuilder("bosun init\n\n");
    vms.forEach((h, n) -> details
        .append("- ")
        .append(UpgradeOperation.count(n, "VM"))
        .append(" on ")
        .append(h)
        .append('\n'));
    details
        .append("- controlPlaneEndpoint: ")
        .append(inventory.kubernetes().controlPlaneEndpoint())
        .append('\n');
    details.append("- CNI: ").append(inventory.init().cniManifest()).append('\n');
    return new Mutation(
        inventory.cluster(),
        WorkflowNames.CLUSTER_INIT,
        Operations.INIT,
        summary,
        details.toString(),
        inventory.kubernetes().version(),
        inventory.nodes().size());
  }

  @Override
  public Object input() {
    return new InitRequest(inventory);
  }

  @Override
  public Followed<InitReport> follow() {
    return follow;
  }

  /** Following any ClusterInit: needs nothing but the server. */
  public static final class Follow implements Followed<InitReport> {

    @Override
    public Class<InitReport> resultType() {
      return InitReport.class;
    }

    @Override
    public LiveState poll(WorkflowClient client, String workflowId) {
      InitProgress p = client
          .newUntypedWorkflowStub(workflowId)
          .query(WorkflowNames.PROGRESS, InitProgress.class);
      List<NodeRow> rows = p.nodes().stream().map(Follow::row).toList();
      LiveState.Waiting waiting = p.waitingNode() == null
          ? null
          : new LiveState.Waiting(
              LiveState.Waiting.OPERATOR,
              p.waitingNode(),
              p.waitingNode() + " failed: " + p.failure());
      return new LiveState("Init " + p.cluster(), p.phase(), rows, waiting);
    }

    /** The live table's "FROM → TO" column shows where the node lives → its address. */
    private static NodeRow row(InitNodeRow r) {
      NodeRole role = NodeRole.fromLabel(r.role());
      String where = (r.hypervisor() == null ? "existing" : r.hypervisor())
          + (r.arch() == null ? "" : "/" + r.arch());
      // the row knows its duration once it has one: shown as elapsed from a nominal start
      long started = r.durationMillis() > 0 ? 1 : 0;
      return new NodeRow(
          r.node(),
          role,
          where,
          r.address() == null ? "?" : r.address(),
          r.status(),
          r.status(),
          r.detail(),
          started,
          started + r.durationMillis());
    }

    @Override
    public InitReport reportOf(
        WorkflowClient client, String workflowId, WorkflowFailedException failure) {
      return null;
    }

    @Override
    public int exitCode(InitReport report) {
      return InitReport.SUCCEEDED.equals(report.outcome()) ? 0 : 1;
    }

    @Override
    public void print(InitReport r, PrintWriter out) {
      printReport(r, out);
    }
  }

  /** The final report: outcome, then node | role | arch | hypervisor | vm | address | version | status | duration. */
  public static void printReport(InitReport r, PrintWriter out) {
    out.println();
    out.println(
        "Init " + r.cluster() + ": " + r.outcome() + " in " + LiveView.seconds(r.durationMillis()));
    String format = "%-10s %-13s %-6s %-11s %-18s %-15s %-9s %-12s %9s";
    out.println(String.format(
        format,
        "NODE",
        "ROLE",
        "ARCH",
        "HYPERVISOR",
        "VM",
        "ADDRESS",
        "VERSION",
        "STATUS",
        "TIME"));
    for (InitNodeRow n : r.nodes()) {
      out.println(String.format(
          format,
          n.node(),
          n.role(),
          nz(n.arch()),
          nz(n.hypervisor()),
          nz(n.vmName()) + (n.adopted() ? " (adopted)" : ""),
          nz(n.address()),
          nz(n.version()),
          n.status(),
          n.durationMillis() > 0 ? LiveView.seconds(n.durationMillis()) : "-"));
    }
    for (InitNodeRow n : r.nodes()) {
      if (n.detail() != null && !n.detail().isBlank() && !"ready".equals(n.status())) {
        out.println(n.node() + ": " + n.detail());
      }
    }
    r.notes().forEach(note -> out.println("note: " + note));
    out.flush();
  }

  private static String nz(String s) {
    return s == null ? "-" : s;
  }
}
