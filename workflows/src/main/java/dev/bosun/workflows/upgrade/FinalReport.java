package dev.bosun.workflows.upgrade;

import static dev.bosun.workflows.ActivityStubs.kube;

import dev.bosun.workflows.BosunActivityOptions;
import dev.bosun.workflows.Phase;
import dev.bosun.workflows.activities.ClusterState;
import dev.bosun.workflows.activities.EtcdSnapshot;
import dev.bosun.workflows.activities.NodeState;
import dev.bosun.workflows.model.ClusterTarget;
import dev.bosun.workflows.model.Inventory;
import dev.bosun.workflows.model.NodeSpec;
import io.temporal.workflow.Workflow;
import java.util.ArrayList;
import java.util.List;

/**
 * How a rolling upgrade ends: its outcome (aborted, failed or completed) and the report, with every node
 * at the version it really runs, read from the cluster at the end rather than taken from the children.
 */
final class FinalReport {

  private final UpgradeRun upgrade;
  private final long startedAt;

  FinalReport(UpgradeRun upgrade, long startedAt) {
    this.upgrade = upgrade;
    this.startedAt = startedAt;
  }

  /** After the last stage, or once aborting: an abort wins, then any failed node, else completed. */
  UpgradeReport afterStages(EtcdSnapshot snapshot) {
    if (upgrade.operator().aborted()) {
      return finish(Phase.ABORTED, upgrade.operator().abortReason(), snapshot);
    }
    long failed =
        upgrade.view().outcomes().stream().filter(r -> r.status().isFailure()).count();
    return failed > 0
        ? finish(Phase.FAILED, failed + " node(s) failed and were skipped", snapshot)
        : finish(Phase.COMPLETED, "every node runs " + upgrade.target(), snapshot);
  }

  /** The report: every node with the version it really runs, read from the cluster now. */
  UpgradeReport finish(Phase outcome, String reason, EtcdSnapshot snapshot) {
    Workflow.await(Workflow::isEveryHandlerFinished);
    Inventory inventory = upgrade.inventory();
    UpgradeView view = upgrade.view();
    ClusterState state = kube(
            BosunActivityOptions.QUICK, "read node versions of " + inventory.cluster())
        .readClusterState(ClusterTarget.of(inventory));
    List<NodeReport> nodes = new ArrayList<>();
    List<String> compensations = new ArrayList<>();
    for (NodeSpec spec : inventory.nodes()) {
      NodeState s = state.node(spec.name());
      NodeReport r = NodeReport.atTheEnd(
          spec,
          view.outcome(spec.name()),
          view.row(spec.name()),
          s == null ? null : s.kubeletVersion());
      if (r.compensation() != null) {
        compensations.add(r.node() + ": " + r.compensation());
      }
      nodes.add(r);
      view.reported(r);
    }
    view.phase(outcome, view.doneCount());
    view.details("**" + outcome + "**: " + reason + "\n\n" + view.headline());
    return upgrade.report(
        outcome, reason, nodes, view.findings(), snapshot, compensations, startedAt, null);
  }
}
