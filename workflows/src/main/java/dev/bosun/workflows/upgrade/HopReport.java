package dev.bosun.workflows.upgrade;

import dev.bosun.workflows.Phase;
import dev.bosun.workflows.activities.EtcdSnapshot;

/**
 * How one hop of a minor-version chain ended.
 *
 * @param nodes the nodes the hop upgraded (already at its target: not counted)
 * @param snapshot the etcd snapshot the hop took before its first change (null: none)
 * @param workflowId the hop's child RollingUpgrade
 */
public record HopReport(
    int index,
    String from,
    String to,
    Phase outcome,
    String reason,
    int nodes,
    EtcdSnapshot snapshot,
    long durationMillis,
    String workflowId) {

  static HopReport of(HopPlan hop, UpgradeReport r, String workflowId) {
    int upgraded =
        (int) r.nodes().stream().filter(n -> n.status() == NodeStatus.UPGRADED).count();
    return new HopReport(
        hop.index(),
        hop.from(),
        hop.to(),
        r.outcome(),
        r.reason(),
        upgraded,
        r.snapshot(),
        r.durationMillis(),
        workflowId);
  }
}
