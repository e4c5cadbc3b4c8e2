package dev.bosun.workflows.upgrade;

import dev.bosun.workflows.Phase;
import dev.bosun.workflows.activities.EtcdSnapshot;
import dev.bosun.workflows.model.Inventory;
import dev.bosun.workflows.model.KubeVersion;
import dev.bosun.workflows.model.UpgradeSpec;
import io.temporal.workflow.Workflow;
import java.util.List;

/**
 * What the parts of one rolling-upgrade run share ({@link NodeChildren}, {@link HopChain}, {@link FinalReport}): the
 * request as the run read it, and the run's view and operator state. Never serialized: it only hands the run's
 * references to its parts in one place.
 */
record UpgradeRun(
    Inventory inventory,
    KubeVersion target,
    UpgradeSpec options,
    UpgradeView view,
    OperatorUpdates operator) {

  /** The run's report: this cluster, from the view's version to the target, timed from {@code startedAt}. */
  UpgradeReport report(
      Phase outcome,
      String reason,
      List<NodeReport> nodes,
      List<PreflightFinding> preflight,
      EtcdSnapshot snapshot,
      List<String> compensations,
      long startedAt,
      List<HopReport> hops) {
    return new UpgradeReport(
        inventory.cluster(),
        view.from(),
        target.toString(),
        outcome,
        reason,
        nodes,
        preflight,
        snapshot,
        compensations,
        Workflow.currentTimeMillis() - startedAt,
        hops);
  }
}
