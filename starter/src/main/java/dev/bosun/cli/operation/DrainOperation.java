package dev.bosun.cli.operation;

import dev.bosun.workflows.Operations;
import dev.bosun.workflows.WorkflowNames;
import dev.bosun.workflows.drain.DrainOutcome;
import dev.bosun.workflows.drain.DrainProgress;
import dev.bosun.workflows.drain.DrainReport;
import dev.bosun.workflows.drain.DrainRequest;
import dev.bosun.workflows.drain.DrainText;
import dev.bosun.workflows.model.ClusterTarget;
import dev.bosun.workflows.model.DrainOptions;
import dev.bosun.workflows.model.Durations;
import dev.bosun.workflows.model.Inventory;
import dev.bosun.workflows.model.NodeSpec;
import dev.bosun.workflows.upgrade.NodeRow;
import io.temporal.client.WorkflowClient;
import java.io.PrintWriter;
import java.util.List;

/** A node drain (NodeDrain workflow): one live row, the report of evicted, skipped and remaining pods. */
public final class DrainOperation implements OperationKind<DrainReport> {

  private final Inventory inventory;
  private final NodeSpec node;
  private final DrainOptions options;
  private final Follow follow;

  public DrainOperation(Inventory inventory, String node, DrainOptions options) {
    this.inventory = inventory;
    this.node = inventory.node(node);
    this.options = options;
    this.follow = new Follow(this.node);
  }

  @Override
  public Mutation mutation() {
    String summary =
        "Drain " + node.name() + " of " + inventory.cluster() + " (" + node.role() + ")";
    String details = "bosun drain " + node.name() + "\n\n- timeout: "
        + Durations.format(options.timeout())
        + "\n- gracePeriodSeconds: " + options.gracePeriodSeconds() + "\n- deleteEmptyDirData: "
        + options.deleteEmptyDirData()
        + "\n- ignoreDaemonSets: " + options.ignoreDaemonSets() + "\n- force: " + options.force()
        + "\n- podSelector: "
        + (options.podSelector() == null ? "(all pods)" : options.podSelector())
        + "\n- disableEviction: " + options.disableEvictionFallback() + "\n";
    return new Mutation(
        inventory.cluster(), WorkflowNames.NODE_DRAIN, Operations.DRAIN, summary, details, "", 1);
  }

  @Override
  public Object input() {
    return new DrainRequest(ClusterTarget.of(inventory), node.name(), options);
  }

  @Override
  public Followed<DrainReport> follow() {
    return follow;
  }

  /** Following any NodeDrain; {@code node} (null when unknown) only adds the role to the row. */
  public static final class Follow implements Followed<DrainReport> {
    private final NodeSpec node;

    public Follow(NodeSpec node) {
      this.node = node;
    }

    @Override
    public Class<DrainReport> resultType() {
      return DrainReport.class;
    }

    @Override
    public LiveState poll(WorkflowClient client, String workflowId) {
      DrainProgress p = client
          .newUntypedWorkflowStub(workflowId)
          .query(WorkflowNames.PROGRESS, DrainProgress.class);
      String detail = DrainText.progress(p);
      long started = System.currentTimeMillis() - p.elapsedMillis();
      NodeRow row = new NodeRow(
          p.node(),
          node == null ? null : node.role(),
          "-",
          "-",
          p.phase(),
          p.phase(),
          detail,
          started,
          0);
      return new LiveState("Drain " + p.node(), p.phase(), List.of(row), null);
    }

    @Override
    public int exitCode(DrainReport report) {
      return report.outcome() == DrainOutcome.DRAINED ? 0 : 1;
    }

    @Override
    public void print(DrainReport r, PrintWriter out) {
      out.println();
      out.println("Drain " + r.node() + ": " + r.outcome() + " in "
          + LiveView.seconds(r.durationMillis()) + ": " + r.evicted().size() + " pod(s) evicted, "
          + r.skipped().size() + " skipped, " + r.remaining().size() + " remaining");
      r.evicted().forEach(p -> out.println("  evicted   " + p));
      r.skipped().forEach(p -> out.println("  skipped   " + p));
      r.remaining().forEach(p -> out.println("  remaining " + p));
      DrainText.reportLines(r).forEach(line -> out.println("  " + line));
      if (r.wasCordoned()) {
        out.println(r.node() + " was cordoned before Bosun: it stays cordoned");
      } else if (r.outcome() == DrainOutcome.DRAINED) {
        out.println(r.node()
            + " stays cordoned; make it schedulable again with: bosun uncordon -i <inventory> "
            + r.node());
      } else if (r.uncordoned()) {
        out.println(r.node() + " was uncordoned again");
      }
      out.flush();
    }
  }
}
