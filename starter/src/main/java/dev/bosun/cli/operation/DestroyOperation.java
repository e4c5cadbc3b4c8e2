package dev.bosun.cli.operation;

import dev.bosun.workflows.Operations;
import dev.bosun.workflows.WorkflowNames;
import dev.bosun.workflows.activities.VmInfo;
import dev.bosun.workflows.init.DestroyReport;
import dev.bosun.workflows.init.DestroyRequest;
import dev.bosun.workflows.model.Inventory;
import dev.bosun.workflows.upgrade.NodeRow;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowFailedException;
import java.io.PrintWriter;
import java.util.List;

/** Destroying a cluster's VMs (DestroyCluster workflow): only the VMs that carry the cluster's marker. */
public final class DestroyOperation implements OperationKind<DestroyReport> {

  private final Inventory inventory;
  private final Follow follow = new Follow();

  public DestroyOperation(Inventory inventory) {
    this.inventory = inventory;
  }

  @Override
  public Mutation mutation() {
    List<String> hypervisors = inventory.vmNodes().stream()
        .map(Inventory::hypervisorName)
        .distinct()
        .sorted()
        .toList();
    return new Mutation(
        inventory.cluster(),
        WorkflowNames.DESTROY_CLUSTER,
        Operations.DESTROY,
        "Destroy " + inventory.cluster() + "'s VMs on " + String.join(", ", hypervisors),
        "bosun destroy\n\nOnly VMs that carry the cluster's marker; existing machines are left alone.",
        "",
        inventory.vmNodes().size());
  }

  @Override
  public Object input() {
    return new DestroyRequest(inventory);
  }

  @Override
  public Followed<DestroyReport> follow() {
    return follow;
  }

  /** Following any DestroyCluster: a one-line live state (it has no progress query), then the report. */
  public static final class Follow implements Followed<DestroyReport> {

    @Override
    public Class<DestroyReport> resultType() {
      return DestroyReport.class;
    }

    @Override
    public LiveState poll(WorkflowClient client, String workflowId) {
      NodeRow row = new NodeRow("-", null, "-", "-", "destroying", "destroy", null, 0, 0);
      return new LiveState("Destroy " + workflowId, "destroying", List.of(row), null);
    }

    @Override
    public DestroyReport reportOf(
        WorkflowClient client, String workflowId, WorkflowFailedException failure) {
      return null;
    }

    @Override
    public int exitCode(DestroyReport report) {
      return report.remaining().isEmpty() ? 0 : 1;
    }

    @Override
    public void print(DestroyReport r, PrintWriter out) {
      out.println();
      out.println("Destroy " + r.cluster() + ": " + r.destroyed().size() + " VM(s) destroyed in "
          + LiveView.seconds(r.durationMillis()));
      for (VmInfo vm : r.destroyed()) {
        out.println("  destroyed " + vm.vmName() + " (" + vm.node() + ") on " + vm.hypervisor());
      }
      if (r.remaining().isEmpty()) {
        out.println("No VM of " + r.cluster()
            + " is left on any of its hypervisors (each one's own list says so).");
      }
      for (VmInfo vm : r.remaining()) {
        out.println("  still there: " + vm.vmName() + " (" + vm.node() + ") on " + vm.hypervisor()
            + ", state " + vm.state());
      }
      out.flush();
    }
  }
}
