package dev.bosun.cli.operation;

import dev.bosun.workflows.Operations;
import dev.bosun.workflows.WorkflowNames;
import dev.bosun.workflows.drain.UncordonRequest;
import dev.bosun.workflows.model.ClusterTarget;
import dev.bosun.workflows.model.Inventory;
import dev.bosun.workflows.model.NodeSpec;
import dev.bosun.workflows.upgrade.NodeRow;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowFailedException;
import java.io.PrintWriter;
import java.util.List;

/** Make a node schedulable (Uncordon workflow); its answer is one line. */
public final class UncordonOperation implements OperationKind<String> {

  private final Inventory inventory;
  private final NodeSpec node;
  private final Follow follow;

  public UncordonOperation(Inventory inventory, String node) {
    this.inventory = inventory;
    this.node = inventory.node(node);
    this.follow = new Follow(this.node);
  }

  @Override
  public Mutation mutation() {
    return new Mutation(
        inventory.cluster(),
        WorkflowNames.UNCORDON,
        Operations.UNCORDON,
        "Uncordon " + node.name() + " of " + inventory.cluster(),
        "bosun uncordon " + node.name(),
        "",
        1);
  }

  @Override
  public Object input() {
    return new UncordonRequest(ClusterTarget.of(inventory), node.name());
  }

  @Override
  public Followed<String> follow() {
    return follow;
  }

  /** Following any Uncordon; {@code node} may be null. */
  public static final class Follow implements Followed<String> {
    private final NodeSpec node;

    public Follow(NodeSpec node) {
      this.node = node;
    }

    @Override
    public Class<String> resultType() {
      return String.class;
    }

    @Override
    public LiveState poll(WorkflowClient client, String workflowId) {
      NodeRow row = new NodeRow(
          node == null ? "-" : node.name(),
          node == null ? null : node.role(),
          "-",
          "-",
          "uncordoning",
          "uncordon",
          null,
          0,
          0);
      return new LiveState(
          "Uncordon " + (node == null ? workflowId : node.name()), "Uncordon", List.of(row), null);
    }

    @Override
    public String reportOf(
        WorkflowClient client, String workflowId, WorkflowFailedException failure) {
      return null;
    }

    @Override
    public int exitCode(String report) {
      return 0;
    }

    @Override
    public void print(String report, PrintWriter out) {
      out.println(report);
      out.flush();
    }
  }
}
