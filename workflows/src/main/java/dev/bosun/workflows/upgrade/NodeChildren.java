package dev.bosun.workflows.upgrade;

import dev.bosun.workflows.Operations;
import dev.bosun.workflows.WorkflowFailures;
import dev.bosun.workflows.WorkflowIds;
import dev.bosun.workflows.activities.HypervisorTarget;
import dev.bosun.workflows.model.ClusterTarget;
import dev.bosun.workflows.model.HostTarget;
import dev.bosun.workflows.model.Inventory;
import dev.bosun.workflows.model.KubeVersion;
import dev.bosun.workflows.model.NodeRole;
import dev.bosun.workflows.model.NodeSpec;
import io.temporal.failure.ChildWorkflowFailure;
import io.temporal.workflow.Async;
import io.temporal.workflow.ChildWorkflowOptions;
import io.temporal.workflow.Promise;
import io.temporal.workflow.Workflow;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;

/**
 * One stage of a rolling upgrade: a {@link NodeUpgradeWorkflow} child per node, in parallel, each in its
 * own workflow thread. A child that fails outright counts as a failed node; a cancelled stage waits for
 * its children to close (they compensate their node) before it ends.
 */
final class NodeChildren {

  static final String WAIT_FOR_CHILDREN_CHANGE = "wait-for-children-on-cancel";

  private static final Logger log = Workflow.getLogger(NodeChildren.class);

  private final UpgradeRun upgrade;

  NodeChildren(UpgradeRun upgrade) {
    this.upgrade = upgrade;
  }

  /** Runs the stage's nodes and returns when every child has closed; rethrows a cancellation. */
  void run(BatchPlanner.Stage stage, UpgradeStart start) {
    List<Promise<NodeReport>> running = new ArrayList<>();
    for (String n : stage.nodes()) {
      running.add(startChild(stage, n, start));
    }
    upgrade.view().details(upgrade.view().headline());
    awaitStage(running);
  }

  private Promise<NodeReport> startChild(BatchPlanner.Stage stage, String n, UpgradeStart start) {
    Inventory inventory = upgrade.inventory();
    NodeSpec spec = inventory.node(n);
    KubeVersion nodeFrom = start.versions().get(n);
    // Only the workers preflight found snapshottable carry their hypervisor
    // (upgrade.snapshotBeforeUpgrade).
    HypervisorTarget snapshotOn =
        start.vmSnapshots().contains(n) ? HypervisorTarget.of(inventory, spec) : null;
    NodeUpgradeInput input = new NodeUpgradeInput(
        ClusterTarget.of(inventory),
        HostTarget.of(inventory, spec),
        spec.role(),
        stage.applyStage(),
        nodeFrom,
        upgrade.target(),
        start.packageVersion(),
        inventory.kubernetes().packageRepositoryOrDefault(),
        upgrade.options().drain(),
        start.cordonedBefore().contains(n),
        snapshotOn,
        upgrade.options().certificateRenewalOrDefault());
    NodeUpgradeWorkflow child =
        Workflow.newChildWorkflowStub(NodeUpgradeWorkflow.class, childOptions(n, nodeFrom));
    upgrade.view().running(n, spec.role(), nodeFrom);
    return Async.function(() -> runChild(n, spec.role(), nodeFrom, child, input));
  }

  private void awaitStage(List<Promise<NodeReport>> running) {
    try {
      Promise.allOf(running).get();
    } catch (RuntimeException e) {
      // allOf fails as soon as one child ends cancelled or failed: the others may still be rolling
      // their
      // node back, and the upgrade must not end (nor its report be written) before they have
      // closed.
      awaitChildrenClosed(running);
      throw e;
    }
    for (Promise<NodeReport> p : running) {
      p.get(); // rethrows a cancellation
    }
  }

  /** Waits, beyond a cancellation, for every child of the stage to close; bounded by the operator timeout. */
  private void awaitChildrenClosed(List<Promise<NodeReport>> running) {
    if (running.stream().allMatch(Promise::isCompleted)) {
      return;
    }
    Workflow.newDetachedCancellationScope(() -> {
          // Runs that failed fast before this wait existed replay without its timer.
          if (Workflow.getVersion(WAIT_FOR_CHILDREN_CHANGE, Workflow.DEFAULT_VERSION, 1)
              == Workflow.DEFAULT_VERSION) {
            return;
          }
          Duration bound = upgrade.options().operatorTimeoutOrDefault();
          if (!Workflow.await(bound, () -> running.stream().allMatch(Promise::isCompleted))) {
            log.warn(
                "node workflows still running {} after the upgrade was cancelled; ending without them",
                bound);
          }
        })
        .run();
  }

  /** One node's child, in its own workflow thread: a child that fails outright counts as a failed node. */
  private NodeReport runChild(
      String n,
      NodeRole role,
      KubeVersion nodeFrom,
      NodeUpgradeWorkflow child,
      NodeUpgradeInput input) {
    NodeReport report;
    try {
      report = child.upgrade(input);
    } catch (ChildWorkflowFailure failure) {
      if (WorkflowFailures.cancelled(failure)) {
        upgrade.view().cancelled(n, role, nodeFrom);
        throw failure;
      }
      String error = UpgradeChildren.describe(failure);
      report = new NodeReport(
          n, role, nodeFrom.toString(), null, NodeStatus.FAILED, null, error, null, 1, 0);
      upgrade.operator().countFailure("child workflow of " + n + " failed: " + error);
    }
    upgrade.view().finished(report);
    upgrade.view().details(upgrade.view().headline());
    return report;
  }

  private ChildWorkflowOptions childOptions(String n, KubeVersion nodeFrom) {
    return UpgradeChildren.options(
        WorkflowIds.nodeUpgrade(upgrade.inventory().cluster(), upgrade.target(), n, 1),
        "Upgrade " + n + " " + nodeFrom + " → " + upgrade.target(),
        upgrade.inventory().cluster(),
        Operations.NODE_UPGRADE,
        upgrade.target().toString());
  }
}
